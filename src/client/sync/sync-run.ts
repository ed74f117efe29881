// One module for the sync run, so that push, pull and what they share (protocol
// negotiation, re-stamping, applying a page) arrive as one chunk: as several small
// ones they compressed worse and needed a namespace helper each.
export { pushAll } from './push';
export { pullAll } from './pull';
