export const SDK_NAME = 'playtrace-js';
export const SDK_VERSION = '0.1.0';
