/**
 * The request body mesibo's UAC script (backend-api/uac/uac.sh in mesibo/samples, 2026)
 * sends with its settings as shipped: the caller's profile id 3, `update` 0, `platforms` ""
 * together with every per-platform flag at 0, numbers and 0/1 flags as JSON numbers, unset
 * text as "", rate limits as "seconds:count" strings.
 */
export function uacScriptBody(token: string, overrides: { id?: number; update?: 0 | 1; name?: string } = {}) {
  return {
    op: 'uacset',
    token,
    uac: {
      id: overrides.id ?? 3,
      name: overrides.name ?? 'Test UAC',
      update: overrides.update ?? 0,
      peers: 0,
      platforms: '',
      android: 0,
      ios: 0,
      javascript: 0,
      cpp: 0,
      python: 0,
      sfu: 0,
      app: { name: 'My App 2', data: '' },
      features: { group: 1, e2ee: 1, message: 1, presence: 1, call: 1, sync: 1, push: 1, location: 1, files: 1 },
      message: {
        incoming: 1,
        outgoing: 1,
        rich: 1,
        broadcast: 0,
        read_receipts: 1,
        delivery_receipts: 1,
        storage: 1,
        url_preview: 1,
        webhook: 0,
      },
      presence: {
        incoming: 1,
        outgoing: 1,
        typing: 1,
        online: 1,
        joined: 1,
        lastseen: 1,
        lastseen_resolution: 300,
        login: 1,
        request: 1,
        online_audience: 0,
        can_override: 1,
      },
      call: {
        incoming: 1,
        outgoing: 1,
        video: 1,
        audio: 1,
        turn: 1,
        hd: 1,
        fhd: 0,
        log: 1,
        maxdur: 0,
        turn_server: '',
      },
      conf: { video: 1, audio: 1, screen: 1, hd: 1, fhd: 0, maxdur: 0 },
      group: { create: 1, member: 1, message: 1, presence: 1, call: 1, location: 1, max_groups: 100 },
      file: { upload: 1, signed: 0, max_size: 50, upload_url: '' },
      location: {
        emulator: 0,
        mock: 0,
        send_real: 1,
        send_age: 300,
        can_sub: 1,
        anti_triang: 0,
        user: { reach: 5000, accuracy: 100, fuzziness: 0, maxage: 3600 },
        group: { reach: 10000, maxage: 3600 },
        subs: { count: 4, duration: 86400, sendreal: 1 },
      },
      proximity_search: {
        user: { min_radius: 100, max_radius: 50000, maxage: 3600, reach: 50000, bounds: 1 },
        group: { min_radius: 100, max_radius: 50000, maxage: 3600, reach: 50000, bounds: 1 },
      },
      ratelimit: {
        message: '60:30,600:60,10800:1200,86400:3600',
        call: '60:5,600:60,10800:1200,86400:3600',
        upload: '60:5,600:20',
        location: '60:10,600:60',
        login: '60:3,600:10',
        failure: '60:5,600:10',
      },
    },
  };
}
