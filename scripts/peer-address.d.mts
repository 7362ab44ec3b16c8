// scripts/peer-address.mjs only patches node:http when loaded; it exports nothing.
export {};
