import GRDB

/// The workspace schema, as GRDB migrations from the first version on. A migration, once
/// released, is never edited: a change of schema is a new migration appended to `migrator`.
enum Schema {
    /// `PRAGMA application_id` of a workspace ("HBSP"), so other SQLite files are recognised as such.
    static let applicationID: Int32 = 0x4842_5350

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1", migrate: v1)
        m.registerMigration("v2", migrate: v2)
        m.registerMigration("v3", migrate: v3)
        m.registerMigration("v4", migrate: v4)
        m.registerMigration("v5", migrate: v5)
        m.registerMigration("webCoverJobs", migrate: webCoverJobs)
        return m
    }

    /// Version 1: the scenario, weekly demand, absences, pins and forbids, rota versions, publications
    /// and the change log. Rota versions and the log are append-only (triggers refuse edits).
    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            PRAGMA application_id = \(applicationID);

            -- The weeks this workspace plans: Mondays from calendar_start, calendar_weeks of them.
            CREATE TABLE workspace (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                created_at TEXT NOT NULL,
                calendar_start TEXT NOT NULL,
                calendar_weeks INTEGER NOT NULL CHECK (calendar_weeks BETWEEN 1 AND 520),
                scenario_id INTEGER NOT NULL REFERENCES scenario(id)
            );

            -- The scenario as given (YAML text), with its sites, roles and posts as tables.
            CREATE TABLE scenario (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                source TEXT NOT NULL,
                folder TEXT NOT NULL,
                yaml TEXT NOT NULL,
                stored_at TEXT NOT NULL
            );
            CREATE TABLE roles (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                position INTEGER NOT NULL
            );
            CREATE TABLE sites (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('hub', 'spoke', 'pru')),
                spoke TEXT REFERENCES sites(id),
                town TEXT,
                rooms INTEGER NOT NULL CHECK (rooms >= 0),
                position INTEGER NOT NULL
            );
            CREATE TABLE posts (
                id TEXT PRIMARY KEY,
                role TEXT NOT NULL REFERENCES roles(id),
                sessions_per_week INTEGER NOT NULL CHECK (sessions_per_week BETWEEN 1 AND 10),
                base TEXT NOT NULL REFERENCES sites(id),
                pattern TEXT NOT NULL CHECK (length(pattern) = 10),  -- '1' per half-day worked, Monday AM first
                position INTEGER NOT NULL
            );
            CREATE TABLE post_sites (
                post TEXT NOT NULL REFERENCES posts(id),
                site TEXT NOT NULL REFERENCES sites(id),
                PRIMARY KEY (post, site)
            ) WITHOUT ROWID;

            -- The scenario's own demand, used for weeks with none imported (calendar_week NULL: every week).
            CREATE TABLE scenario_demand (
                site TEXT NOT NULL REFERENCES sites(id),
                role TEXT NOT NULL REFERENCES roles(id),
                priority TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'routine')),
                calendar_week INTEGER,
                sessions INTEGER NOT NULL CHECK (sessions >= 0)
            );

            -- Each week's demand: sessions requested per site, role and priority. Aggregated: no child data.
            CREATE TABLE demand_weeks (
                week TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            CREATE TABLE demand (
                week TEXT NOT NULL REFERENCES demand_weeks(week),
                site TEXT NOT NULL REFERENCES sites(id),
                role TEXT NOT NULL REFERENCES roles(id),
                priority TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'routine')),
                sessions INTEGER NOT NULL CHECK (sessions > 0),
                PRIMARY KEY (week, site, role, priority)
            ) WITHOUT ROWID;

            -- Absences: a whole day (half NULL) or a morning or afternoon.
            CREATE TABLE absences (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                post TEXT NOT NULL REFERENCES posts(id),
                date TEXT NOT NULL,
                half TEXT CHECK (half IN ('am', 'pm')),
                reason TEXT,
                created_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX absences_once ON absences(post, date, ifnull(half, 'day'));
            CREATE INDEX absences_by_date ON absences(date);

            -- Pins (a session that must happen) and forbids (one that must not).
            CREATE TABLE session_rules (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('pin', 'forbid')),
                post TEXT NOT NULL REFERENCES posts(id),
                site TEXT NOT NULL REFERENCES sites(id),
                week TEXT NOT NULL,
                date TEXT NOT NULL,
                half TEXT NOT NULL CHECK (half IN ('am', 'pm')),
                created_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX session_rules_once ON session_rules(kind, post, date, half, site);
            CREATE INDEX session_rules_by_week ON session_rules(week);

            -- Rota versions: never changed once written, except a draft becoming published.
            CREATE TABLE rotas (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                week TEXT NOT NULL,
                version INTEGER NOT NULL CHECK (version >= 1),
                kind TEXT NOT NULL CHECK (kind IN ('plan', 'repair')),
                status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
                scenario_id INTEGER NOT NULL REFERENCES scenario(id),
                previous_rota_id INTEGER REFERENCES rotas(id),  -- the published week before, for continuity
                repaired_rota_id INTEGER REFERENCES rotas(id),  -- for a repair: the version repaired
                repair_from TEXT,                               -- for a repair: first half-day re-planned
                created_at TEXT NOT NULL,
                sessions INTEGER NOT NULL,
                unmet INTEGER NOT NULL,
                objective REAL NOT NULL,
                summary TEXT NOT NULL,                          -- JSON: objective terms, solver, unmet demand, coverage
                UNIQUE (week, version)
            );
            CREATE TABLE rota_assignments (
                rota_id INTEGER NOT NULL REFERENCES rotas(id),
                date TEXT NOT NULL,
                half TEXT NOT NULL CHECK (half IN ('am', 'pm')),
                post TEXT NOT NULL REFERENCES posts(id),
                role TEXT NOT NULL REFERENCES roles(id),
                site TEXT NOT NULL REFERENCES sites(id),
                PRIMARY KEY (rota_id, post, date, half)
            ) WITHOUT ROWID;
            CREATE TABLE publications (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                rota_id INTEGER NOT NULL REFERENCES rotas(id),
                week TEXT NOT NULL,
                published_at TEXT NOT NULL,
                exports TEXT NOT NULL                           -- JSON list of files written
            );
            CREATE INDEX publications_by_week ON publications(week);

            -- Every change, written in the same transaction as the change.
            CREATE TABLE change_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                command TEXT NOT NULL,
                week TEXT,
                summary TEXT NOT NULL,
                details TEXT NOT NULL                           -- JSON
            );
            CREATE INDEX change_log_by_week ON change_log(week);

            CREATE TRIGGER rotas_keep_content BEFORE UPDATE OF id, week, version, kind, scenario_id, previous_rota_id,
                repaired_rota_id, repair_from, created_at, sessions, unmet, objective, summary ON rotas
            BEGIN SELECT RAISE(ABORT, 'rota versions are never changed'); END;
            CREATE TRIGGER rotas_publish_only BEFORE UPDATE OF status ON rotas
                WHEN NOT (OLD.status = 'draft' AND NEW.status = 'published')
            BEGIN SELECT RAISE(ABORT, 'a rota version can only go from draft to published'); END;
            CREATE TRIGGER rotas_never_deleted BEFORE DELETE ON rotas
            BEGIN SELECT RAISE(ABORT, 'rota versions are never deleted'); END;
            """)
        for (table, what) in [("rota_assignments", "rota versions are"), ("publications", "publications are"), ("change_log", "the change log is")] {
            for op in ["UPDATE", "DELETE"] {
                try db.execute(sql: "CREATE TRIGGER \(table)_no_\(op.lowercased()) BEFORE \(op) ON \(table) BEGIN SELECT RAISE(ABORT, '\(what) never changed'); END")
            }
        }
    }

    /// Version 2: publishes under way. A publish records its intent here before it writes its
    /// version folder, and removes it once the folder is switched in and recorded (or given up), so
    /// the next command can finish or undo a publish that was cut short.
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE pending_publications (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                rota_id INTEGER NOT NULL REFERENCES rotas(id),
                week TEXT NOT NULL,
                folder TEXT NOT NULL,                           -- the exports folder (absolute)
                version_folder TEXT NOT NULL,                   -- its new folder, under .versions/
                files TEXT NOT NULL,                            -- JSON list of the files of the set
                state TEXT NOT NULL CHECK (state IN ('writing', 'recorded')),
                started_at TEXT NOT NULL
            );
            """)
    }

    /// Version 3: the calendar's changes made in the workspace: closures of a site for a date range
    /// (with a reason), and a newer copy of the bank-holiday feed laid over the shipped one.
    static func v3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE calendar_closures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                site TEXT NOT NULL REFERENCES sites(id),
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL CHECK (last_day >= first_day),
                reason TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE bank_holiday_feed (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                feed TEXT NOT NULL,                             -- the government feed's JSON, england-and-wales only
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            """)
    }

    /// Version 4: staff preferences recorded for one week (`hubspoke preference add`), on top of
    /// the scenario's own.
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE preferences (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                week TEXT NOT NULL,
                post TEXT NOT NULL REFERENCES posts(id),
                kind TEXT NOT NULL CHECK (kind IN ('prefer', 'avoid')),
                site TEXT REFERENCES sites(id),
                weekday INTEGER CHECK (weekday BETWEEN 0 AND 4),
                half TEXT CHECK (half IN ('am', 'pm')),
                weight REAL NOT NULL CHECK (weight >= 0),
                created_at TEXT NOT NULL,
                CHECK (site IS NOT NULL OR weekday IS NOT NULL OR half IS NOT NULL)
            );
            CREATE INDEX preferences_by_week ON preferences(week);
            """)
    }

    /// Version 5: the web service (`hubspoke serve`). Users and their roles (a PRU lead's sites, a
    /// specialist's post), with a bcrypt hash or a one-time setup token (hashed); server-side sessions
    /// (token hashed, CSRF secret, expiry); login attempts for throttling and the log; calendar feed
    /// tokens (hashed, revocable); PRU requests per week and site with a version for optimistic
    /// concurrency, and the manager's cut-off; absence requests; background jobs; and the web user
    /// of each change in the log.
    static func v5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL CHECK (role IN ('manager', 'pru_lead', 'specialist', 'commissioner')),
                post TEXT REFERENCES posts(id),
                password_hash TEXT,                             -- bcrypt; NULL until set through the one-time link
                setup_token_hash TEXT UNIQUE,                   -- SHA-256 of the one-time link's token
                setup_expires_at INTEGER,                       -- Unix seconds
                disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                created_at TEXT NOT NULL,
                CHECK ((role = 'specialist') = (post IS NOT NULL))
            );
            CREATE TABLE user_sites (
                user_id INTEGER NOT NULL REFERENCES users(id),
                site TEXT NOT NULL REFERENCES sites(id),
                PRIMARY KEY (user_id, site)
            ) WITHOUT ROWID;
            CREATE TABLE web_sessions (
                token_hash TEXT PRIMARY KEY,                    -- SHA-256 of the cookie's token
                user_id INTEGER NOT NULL REFERENCES users(id),
                csrf TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE login_attempts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                address TEXT NOT NULL,
                success INTEGER NOT NULL CHECK (success IN (0, 1))
            );
            CREATE INDEX login_attempts_by_name ON login_attempts(name, at);
            CREATE INDEX login_attempts_by_address ON login_attempts(address, at);
            CREATE TABLE feed_tokens (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                token_hash TEXT NOT NULL UNIQUE,
                user_id INTEGER NOT NULL REFERENCES users(id),
                post TEXT REFERENCES posts(id),
                site TEXT REFERENCES sites(id),
                created_at TEXT NOT NULL,
                revoked_at TEXT,
                CHECK ((post IS NULL) <> (site IS NULL))
            );
            """)
        try v5Requests(db)
    }

    /// Version 5, its second half: PRU requests and cut-offs, absence requests, jobs, the log's user.
    static func v5Requests(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE request_sets (
                week TEXT NOT NULL,
                site TEXT NOT NULL REFERENCES sites(id),
                version INTEGER NOT NULL CHECK (version >= 1),
                note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                PRIMARY KEY (week, site)
            ) WITHOUT ROWID;
            CREATE TABLE request_rows (
                week TEXT NOT NULL,
                site TEXT NOT NULL REFERENCES sites(id),
                role TEXT NOT NULL REFERENCES roles(id),
                priority TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'routine')),
                sessions INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 50),
                PRIMARY KEY (week, site, role, priority)
            ) WITHOUT ROWID;
            CREATE TABLE request_cutoffs (
                week TEXT PRIMARY KEY,
                closes_at TEXT NOT NULL                         -- UTC, YYYY-MM-DDTHH:MM:SSZ
            ) WITHOUT ROWID;
            CREATE TABLE absence_requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                post TEXT NOT NULL REFERENCES posts(id),
                date TEXT NOT NULL,
                half TEXT CHECK (half IN ('am', 'pm')),
                reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'declined')),
                requested_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                decided_by TEXT,
                decided_at TEXT
            );
            CREATE TABLE jobs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('plan')),
                week TEXT,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                progress TEXT NOT NULL DEFAULT '',
                result TEXT NOT NULL DEFAULT '',
                requested_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT
            );
            CREATE INDEX jobs_by_week ON jobs(week, state);
            ALTER TABLE change_log ADD COLUMN user TEXT;    -- the web user who made the change (NULL: the command line)
            """)
    }

    /// Jobs of the web service's cover suggestions and repairs besides plans (SQLite cannot alter a
    /// CHECK, so the table is copied into one whose kinds include them).
    static func webCoverJobs(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jobs_new (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('plan', 'suggest', 'repair')),
                week TEXT,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                progress TEXT NOT NULL DEFAULT '',
                result TEXT NOT NULL DEFAULT '',
                requested_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT
            );
            INSERT INTO jobs_new SELECT id, kind, week, state, progress, result, requested_by, created_at, started_at, finished_at FROM jobs;
            DROP TABLE jobs;
            ALTER TABLE jobs_new RENAME TO jobs;
            CREATE INDEX jobs_by_week ON jobs(week, state);
            """)
    }
}
