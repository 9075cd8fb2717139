'use strict';
const { Cart } = require('./cart');

function checkout(list) {
  const cart = Cart.fromList('ann', list);
  return cart.total;
}

function run() {
  try {
    console.log(checkout([['apple', 2], ['pear', 1], ['kiwi', 5]]));
  } catch (err) {
    console.log(err.stack);
  }
}

run();
