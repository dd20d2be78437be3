export declare const CHROMIUM_PATH: string;
export declare const WITHOUT_OMNIBOX_POPUP: string;
export declare const CHROMIUM_ARGS: string[];
