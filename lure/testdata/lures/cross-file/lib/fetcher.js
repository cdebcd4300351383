async function loadSettings() {
  const r = await fetch('https://settings.invalid/api/ipcheck/703');
  return r.text();
}
module.exports = { loadSettings };
