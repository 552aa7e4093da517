"""``broadsheet serve``: build, watch, serve and live-reload a site while it is written.

The parts are kept apart so each can be tested alone:

    paths.py       a request path → a file inside the destination, or a refusal
    server.py      the HTTP server: baseurl, 404 page, content types, script injection
    changes.py     which output files a rebuild changed, as URLs the browser can match
    livereload.py  the Server-Sent Events hub that tells open pages what happened
    watcher.py     watchfiles, with the destination and caches left out
    builder.py     the process that runs the builds, apart from the server's threads
    devserver.py   the session that ties them together: build, compare, announce
    client.js      the browser side: reload, swap stylesheets, show the error overlay
"""
