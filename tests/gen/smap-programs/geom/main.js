import { Circle, Blob } from './shapes.js';

const report = (shapes) => shapes.map(function describeOne(s) {
  return s.describe();
});

export function main() {
  try {
    console.log(report([new Circle(1), new Blob()]).join('\n'));
  } catch (e) {
    console.log(e.stack);
  }
}

main();
