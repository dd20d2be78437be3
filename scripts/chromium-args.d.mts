export declare const CHROMIUM_PATH: string;
export declare const OMNIBOX_POPUP_FEATURES: string[];
export declare const PLAYWRIGHT_DISABLED_FEATURES: string[];
export declare const WITHOUT_OMNIBOX_POPUP: string;
export declare const CHROMIUM_ARGS: string[];
