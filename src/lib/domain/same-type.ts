// A zod schema beside a hand-written type: `sameType<z.infer<typeof ZX>, X>((x) => x, (x) => x, true)` at module
// level fails tsc as soon as either changes alone. The two functions check assignability both ways (tsc names the
// field); `true` checks the key sets, which catches an optional field added to one side only. An intersection and
// the flat object it spells count as the same.
type KeysMatch<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
  ? true
  : { onlyInFirst: Exclude<keyof A, keyof B>; onlyInSecond: Exclude<keyof B, keyof A> };

export function sameType<A, B>(toB: (a: A) => B, toA: (b: B) => A, keys: KeysMatch<A, B>): void {
  void toB;
  void toA;
  void keys;
}
