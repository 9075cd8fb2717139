import { Inventory } from './inventory.js';
function fulfil(inv, orders) {
    let done = 0;
    for (const o of orders) {
        inv.take(o.sku, o.count);
        done++;
    }
    return done;
}
const inv = new Inventory();
inv.restock('bolt', 10);
inv.restock('nut', 3);
try {
    fulfil(inv, [{ sku: 'bolt', count: 4 }, { sku: 'nut', count: 5 }]);
}
catch (e) {
    console.log(e.stack);
}
//# sourceMappingURL=main.js.map