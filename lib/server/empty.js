// Stands in for the `server-only` marker package in bundles that run outside Next
// (the custom server, command-line tools): there everything is server code already.
