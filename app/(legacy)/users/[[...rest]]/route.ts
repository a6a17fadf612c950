import { redirectToHomeApp } from '@/lib/api/home-app';

/** `/users` and `/users/…` from before apps were in URLs: the same page of the operator's first app. */
export const GET = redirectToHomeApp('/users');
