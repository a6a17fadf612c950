import { redirectToHomeApp } from '@/lib/api/home-app';

/** `/messages` from before apps were in URLs: the message log of the operator's first app. */
export const GET = redirectToHomeApp('/messages');
