export * from './directives';
export * from './classification';
export * from './policy';
export * from './audit';
export * from './transform';
