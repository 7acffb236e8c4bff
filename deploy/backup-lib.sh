# shellcheck shell=bash disable=SC2034  # (the variables are the scripts')
# What deploy/backup.sh and deploy/restore.sh share: the configuration they read, the database
# connection they make from DATABASE_URL, and the layout of a backup set. Sourced, never run.
#
# A backup set is one folder, BACKUP_DIR/portal-YYYY-MM-DDTHHMMSSZ (UTC), mode 0700, with files
# of mode 0600:
#   database.dump               pg_dump -Fc (custom format) of the whole database
#   media.tar                   MEDIA_ROOT (uploads, under MEDIA_ROOT/private/), owners and modes kept
#   media.files.sha256          SHA-256 of every regular file in media.tar (sha256sum's format)
#   private-media.tar           PRIVATE_MEDIA_ROOT (integrity complaints' files), likewise
#   private-media.files.sha256  SHA-256 of every regular file in private-media.tar
#   backup.info                 when, from where, which versions, how many files (no secret)
#   SHA256SUMS                  SHA-256 of each file above; written last
# It is written under BACKUP_DIR/.incomplete-… and renamed to its name only once complete, so
# a folder named portal-… is always a whole set.

SET_PREFIX="portal-"
SET_GLOB="portal-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z"
SET_FILES="database.dump media.tar media.files.sha256 private-media.tar private-media.files.sha256 backup.info"
# Folder archives: "name|variable". The variable names the folder in the configuration.
FOLDERS="media|MEDIA_ROOT private-media|PRIVATE_MEDIA_ROOT"

# Exit codes, the same for both scripts.
EXIT_FAILED=1       # a step failed (the message says which); nothing half-written is left
EXIT_USAGE=2        # bad arguments or configuration
EXIT_BAD_SET=3      # restore: not a complete set, or a checksum does not match
EXIT_NOT_EMPTY=4    # restore: the database or a folder is not empty (and --clean was not given)

PROGRAM=$(basename "$0")
CURRENT_STEP="start"

say() { printf '%s: %s\n' "$PROGRAM" "$*" >&2; }
die() {
    local code=$1
    shift
    say "error: $*"
    exit "$code"
}
step() {
    CURRENT_STEP=$1
    say "$1"
}

# Variables the scripts take from the env file (nothing else in it is read).
CONFIG_VARIABLES="DATABASE_URL BACKUP_DATABASE_URL MEDIA_ROOT PRIVATE_MEDIA_ROOT BACKUP_DIR BACKUP_KEEP"

# Read KEY=value lines of the services' env file (systemd's EnvironmentFile= format: comments
# on lines of their own, the value is the rest of the line, surrounding quotes removed). The
# file is read, never run as shell. A variable already in the environment wins over the file.
load_env_file() {
    local file=$1 line key value
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line#"${line%%[![:space:]]*}"}
        case $line in '' | '#'* | ';'*) continue ;; esac
        line=${line#export }
        case $line in *=*) ;; *) continue ;; esac
        key=${line%%=*}
        key=${key%"${key##*[![:space:]]}"}
        value=${line#*=}
        value=${value#"${value%%[![:space:]]*}"}
        value=${value%"${value##*[![:space:]]}"}
        case $value in
            \"*\") value=${value:1:${#value}-2} ;;
            \'*\') value=${value:1:${#value}-2} ;;
        esac
        case " $CONFIG_VARIABLES " in *" $key "*) ;; *) continue ;; esac
        if [ -z "${!key+set}" ]; then
            export "$key=$value"
        fi
    done <"$file"
}

# The configuration: PORTAL_ENV_FILE (default /etc/portal/portal.env) when it exists, under
# the environment; folders default to the portal's own defaults (var/ beside the code).
load_config() {
    local default_file=/etc/portal/portal.env
    if [ -n "${PORTAL_ENV_FILE:-}" ]; then
        [ -r "$PORTAL_ENV_FILE" ] || die $EXIT_USAGE "PORTAL_ENV_FILE=$PORTAL_ENV_FILE cannot be read"
        load_env_file "$PORTAL_ENV_FILE"
    elif [ -r "$default_file" ]; then
        load_env_file "$default_file"
    fi
    [ -n "${DATABASE_URL:-}" ] || die $EXIT_USAGE \
        "DATABASE_URL is not set (neither in the environment nor in ${PORTAL_ENV_FILE:-$default_file})"
    local root
    root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
    MEDIA_ROOT=${MEDIA_ROOT:-$root/var/media}
    PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$root/var/private}
    BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
    PORTAL_ROOT=$root
}

# Percent-decoding, as Python's urllib.parse.unquote does (unquote_plus with "plus").
url_decode() {
    local in=$1 out="" byte
    [ "${2:-}" = plus ] && in=${in//+/ }
    while [ -n "$in" ]; do
        case $in in
            %[0-9A-Fa-f][0-9A-Fa-f]*)
                printf -v byte '%b' "\\x${in:1:2}"
                out+=$byte
                in=${in:3}
                ;;
            *)
                out+=${in:0:1}
                in=${in:1}
                ;;
        esac
    done
    printf '%s' "$out"
}

# Set libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE…) from a
# database URL of the form the portal reads (django-environ): postgres://user:pass@host:port/name
# with user, password and name percent-encoded, and libpq options as query parameters
# (?sslmode=require). Nothing secret ever goes on a command line: the programs read PGPASSWORD.
# A part the URL leaves out (no password: ~/.pgpass; no host: the Unix socket) is left to libpq,
# as it is for the portal.
connect_with() {
    local url=$1 scheme rest netloc path query userinfo hostport user password host port name
    scheme=${url%%://*}
    case $scheme in
        postgres | postgresql | pgsql | postgis) ;;
        *) die $EXIT_USAGE "the database URL must be a PostgreSQL one (postgres://user:pass@host:port/name)" ;;
    esac
    rest=${url#*://}
    rest=${rest%%#*}
    query=""
    case $rest in *\?*) query=${rest#*\?} rest=${rest%%\?*} ;; esac
    netloc=${rest%%/*}
    path=""
    case $rest in */*) path=${rest#*/} ;; esac
    userinfo=""
    hostport=$netloc
    case $netloc in *@*) userinfo=${netloc%@*} hostport=${netloc##*@} ;; esac
    user=${userinfo%%:*}
    password=""
    case $userinfo in *:*) password=${userinfo#*:} ;; esac
    case $hostport in
        \[*\]:*) host=${hostport%%\]*} host=${host#\[} port=${hostport##*\]:} ;;
        \[*\]) host=${hostport#\[} host=${host%\]} port="" ;;
        *:*) host=${hostport%:*} port=${hostport##*:} ;;
        *) host=$hostport port="" ;;
    esac
    name=$(url_decode "$path" plus)
    case $name in
        /*/*) host=${name%/*} name=${name##*/} ;;  # a socket's folder: postgres://u@//run/postgresql/name
        */*) die "$EXIT_USAGE" "the database URL's name has a '/' in it" ;;
    esac
    [ -n "$name" ] || die $EXIT_USAGE "the database URL names no database"
    case $port in '' | *[!0-9]*) [ -z "$port" ] || die $EXIT_USAGE "the database URL's port is not a number" ;; esac

    export PGDATABASE=$name
    if [ -n "$host" ]; then PGHOST=$(url_decode "$host") && export PGHOST; fi
    if [ -n "$port" ]; then export PGPORT=$port; fi
    if [ -n "$user" ]; then PGUSER=$(url_decode "$user") && export PGUSER; fi
    if [ -n "$password" ]; then PGPASSWORD=$(url_decode "$password") && export PGPASSWORD; fi

    local pair key value variable
    local IFS='&'
    for pair in $query; do
        [ -n "$pair" ] || continue
        key=${pair%%=*}
        value=$(url_decode "${pair#*=}" plus)
        case $key in
            conn_max_age | CONN_MAX_AGE | atomic_requests | ATOMIC_REQUESTS | autocommit | AUTOCOMMIT | \
                disable_server_side_cursors | DISABLE_SERVER_SIDE_CURSORS | conn_health_checks | CONN_HEALTH_CHECKS)
                continue ;;  # Django's own settings, not libpq's
            sslmode) variable=PGSSLMODE ;;
            sslrootcert) variable=PGSSLROOTCERT ;;
            sslcert) variable=PGSSLCERT ;;
            sslkey) variable=PGSSLKEY ;;
            sslcrl) variable=PGSSLCRL ;;
            connect_timeout) variable=PGCONNECT_TIMEOUT ;;
            application_name) variable=PGAPPNAME ;;
            options) variable=PGOPTIONS ;;
            target_session_attrs) variable=PGTARGETSESSIONATTRS ;;
            channel_binding) variable=PGCHANNELBINDING ;;
            gssencmode) variable=PGGSSENCMODE ;;
            *) die $EXIT_USAGE "the database URL's option '$key' is not one this script passes on to libpq" ;;
        esac
        export "$variable=$value"
    done
    DATABASE_LABEL="database '$PGDATABASE' on ${PGHOST:-the local socket}${PGPORT:+:$PGPORT}${PGUSER:+ as $PGUSER}"
}

# The complete sets in BACKUP_DIR, oldest first (their names sort by time).
complete_sets() {
    local set
    for set in "$BACKUP_DIR"/$SET_GLOB; do
        [ -f "$set/SHA256SUMS" ] && printf '%s\n' "$set"
    done | sort
}

require_programs() {
    local program
    for program in "$@"; do
        command -v "$program" >/dev/null 2>&1 || die $EXIT_USAGE \
            "'$program' is not installed (Debian: apt-get install postgresql-client tar coreutils util-linux)"
    done
}
