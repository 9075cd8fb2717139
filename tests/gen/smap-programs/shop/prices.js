'use strict';
const table = { apple: 3, pear: 4, plum: 2 };

function lookupPrice(sku) {
  if (!(sku in table)) {
    throw new Error(`unknown sku "${sku}" (known: ${Object.keys(table).join(', ')})`);
  }
  return table[sku];
}

const priceOf = (sku) => lookupPrice(String(sku).toLowerCase());

module.exports = { priceOf };
