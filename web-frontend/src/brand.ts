/** The product name; a brand, so the same in every language. */
export const PRODUCT_NAME = 'Skupaj';
