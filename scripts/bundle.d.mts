/** Types of bundle.mjs, for the startup bench. */
export declare const BUNDLE_ENTRY: string;
export declare function bundleIsFresh(): boolean;
export declare function buildBundle(): Promise<void>;
