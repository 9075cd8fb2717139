'use strict';
const { priceOf } = require('./prices');

class Cart {
  constructor(owner) {
    this.owner = owner;
    this.items = [];
  }

  add(sku, qty) {
    this.items.push({ sku, qty });
    return this;
  }

  get total() {
    return this.items.reduce((sum, item) => sum + this.lineTotal(item), 0);
  }

  lineTotal(item) {
    const unit = priceOf(item.sku);
    return unit * item.qty;
  }

  static fromList(owner, list) {
    const cart = new Cart(owner);
    list.forEach(([sku, qty]) => cart.add(sku, qty));
    return cart;
  }
}

module.exports = { Cart };
