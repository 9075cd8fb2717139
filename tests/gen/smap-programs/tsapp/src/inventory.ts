export interface Item {
  sku: string;
  count: number;
}

export class Inventory {
  private items = new Map<string, Item>();

  restock(sku: string, count: number): void {
    const item = this.items.get(sku) ?? { sku, count: 0 };
    item.count += count;
    this.items.set(sku, item);
  }

  take(sku: string, count: number): Item {
    const item = this.items.get(sku);
    if (!item || item.count < count) {
      throw new Error(`not enough ${sku}: have ${item?.count ?? 0}, want ${count}`);
    }
    item.count -= count;
    return item;
  }
}
