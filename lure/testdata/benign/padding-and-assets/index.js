const PAD = '                                                                                                                        ';
function pad(s, n) { return (s + PAD).slice(0, n); }
console.log(pad('name', 20) + '|');
