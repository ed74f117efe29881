export * from './common';
export * from './therapist';
export * from './client';
export * from './visit';
export * from './conflict';
export * from './intake';
export * from './session-record';
export * from './receipt';
