export class Inventory {
    constructor() {
        this.items = new Map();
    }
    restock(sku, count) {
        const item = this.items.get(sku) ?? { sku, count: 0 };
        item.count += count;
        this.items.set(sku, item);
    }
    take(sku, count) {
        const item = this.items.get(sku);
        if (!item || item.count < count) {
            throw new Error(`not enough ${sku}: have ${item?.count ?? 0}, want ${count}`);
        }
        item.count -= count;
        return item;
    }
}
//# sourceMappingURL=inventory.js.map