/** The HLC node id of the server's own writes (seed, office changes, fields it sets while applying a push). */
export const SERVER_HLC_NODE = '5e7e700000000000';
