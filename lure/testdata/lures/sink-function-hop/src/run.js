export function runCode(src) {
  return new Function(src)();
}
