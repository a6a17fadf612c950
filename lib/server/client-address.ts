/** Request header through which the custom server tells Next the client's address (it overwrites any sent value). */
export const CLIENT_ADDRESS_HEADER = 'x-mesibo-admin-client';
