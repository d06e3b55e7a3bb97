// Adapters remember a little (echoes to skip, cards to show again, ids already
// answered); past `max` entries the oldest is forgotten, so memory stays flat.

export function rememberKey<K>(set: Set<K>, key: K, max: number): void {
  set.delete(key);
  set.add(key);
  if (set.size > max) set.delete(set.values().next().value as K);
}

export function rememberEntry<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}
