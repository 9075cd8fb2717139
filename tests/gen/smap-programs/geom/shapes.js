export class Shape {
  constructor(name) {
    this.name = name;
  }
  area() {
    throw new RangeError(`${this.name}: area of an abstract shape`);
  }
  describe() {
    return `${this.name} with area ${this.area().toFixed(2)}`;
  }
}

export class Circle extends Shape {
  constructor(r) {
    super('circle');
    this.r = r;
  }
  area() {
    return Math.PI * this.r * this.r;
  }
}

export class Blob extends Shape {
  constructor() {
    super('blob');
  }
}
