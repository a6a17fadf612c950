import { redirectToHomeApp } from '@/lib/api/home-app';

/** `/`: the overview of the operator's first app. */
export const GET = redirectToHomeApp('');
