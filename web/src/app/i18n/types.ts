/** The English dictionary must have exactly the keys of the Chinese one, every one of them a string. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
