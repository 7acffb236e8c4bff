#!/usr/bin/env bash
# Restore a set made by deploy/backup.sh: the database into an EMPTY database, and the two
# folders into EMPTY (or absent) folders, after checking every checksum.
#
#   deploy/restore.sh [--clean] SET
#
# SET is a set's folder (BACKUP_DIR/portal-2026-12-06T023000Z), its name within BACKUP_DIR,
# or `latest` (the newest complete set in BACKUP_DIR). The targets come from the environment or
# else from the env file, as for backup.sh (PORTAL_ENV_FILE, default /etc/portal/portal.env):
#   DATABASE_URL         the database to restore INTO; it must exist (createdb -O portal NAME)
#                        and hold no table, view or sequence. Point it at PostgreSQL itself,
#                        not at PgBouncer.
#   MEDIA_ROOT, PRIVATE_MEDIA_ROOT   the folders to restore into: absent (their parent must
#                        exist) or empty
#   BACKUP_DIR           where `latest` and a bare name are looked for (default /var/backups/portal)
#
# In order, stopping at the first failure:
#   1. the set is complete and every file matches SHA256SUMS (nothing is written before that);
#   2. the database and the folders are empty: otherwise it refuses, unless --clean is given:
#      then pg_restore drops the backup's objects before making them again (--clean
#      --if-exists; tables the backup does not have stay) and the folders are emptied first;
#   3. each folder is extracted (owners kept when run as root, modes always) and every file is
#      checked against the set's list of SHA-256;
#   4. the database: pg_restore --no-owner --no-acl --exit-on-error --single-transaction (all
#      or nothing: on failure the database is as it was), then ANALYZE.
# Run it with the portal stopped. Then start the portal (and run `manage.py migrate` if its
# code is newer than the backup's portal_revision in backup.info).
#
# Exit codes: 0 restored; 1 a step failed (the message says which, and what was restored);
# 2 bad arguments or configuration; 3 the set is incomplete or a checksum does not match
# (nothing was restored); 4 the database or a folder is not empty (nothing was restored).
set -Eeuo pipefail
umask 077
export LC_ALL=C
# shellcheck source=SCRIPTDIR/backup-lib.sh
. "$(dirname "$(readlink -f "$0")")/backup-lib.sh"

clean=""
set_arg=""
while [ $# -gt 0 ]; do
    case $1 in
        -h | --help)
            sed -n '2,/^set -Eeuo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        --clean) clean=yes ;;
        -*) die "$EXIT_USAGE" "unknown option '$1' (see --help)" ;;
        *)
            [ -z "$set_arg" ] || die "$EXIT_USAGE" "one set at a time (see --help)"
            set_arg=$1
            ;;
    esac
    shift
done
[ -n "$set_arg" ] || die "$EXIT_USAGE" "which set? deploy/restore.sh [--clean] SET|latest (see --help)"

load_config
connect_with "$DATABASE_URL"
require_programs pg_restore psql tar sha256sum

case $set_arg in
    latest)
        set_dir=$(complete_sets | tail -n 1)
        [ -n "$set_dir" ] || die "$EXIT_BAD_SET" "no complete set in $BACKUP_DIR"
        ;;
    */*) set_dir=$set_arg ;;
    *) set_dir=$BACKUP_DIR/$set_arg ;;
esac
[ -d "$set_dir" ] || die "$EXIT_USAGE" "$set_dir is not a folder"
set_dir=$(cd "$set_dir" && pwd)
restored=""
on_exit() {
    local code=$?
    if [ "$code" -ne 0 ] && [ -n "$restored" ]; then
        say "restored before the failure: $restored"
    fi
    exit "$code"
}
trap on_exit EXIT
trap 'exit 1' INT TERM HUP

step "checking the set $set_dir"
[ -f "$set_dir/SHA256SUMS" ] || die "$EXIT_BAD_SET" "$set_dir has no SHA256SUMS: not a complete set made by backup.sh"
for file in $SET_FILES; do
    [ -f "$set_dir/$file" ] || die "$EXIT_BAD_SET" "$set_dir/$file is missing: not a complete set"
    grep -q "^[0-9a-f]\{64\}  $file\$" "$set_dir/SHA256SUMS" ||
        die "$EXIT_BAD_SET" "SHA256SUMS has no checksum of $file: not a set made by backup.sh"
done
if ! (cd "$set_dir" && sha256sum --check --strict --quiet SHA256SUMS >&2); then
    die "$EXIT_BAD_SET" "checksum mismatch in $set_dir (above): the set is damaged or was changed; nothing was restored"
fi
sed 's/^/    /' "$set_dir/backup.info" >&2

step "checking that the $DATABASE_LABEL is empty"
relations=$(psql --no-password --no-psqlrc --quiet --tuples-only --no-align --command "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'") ||
    die "$EXIT_FAILED" "cannot connect to the $DATABASE_LABEL (see psql's message above); create it first: createdb -O OWNER NAME"
if [ "$relations" -ne 0 ]; then
    [ -n "$clean" ] || die "$EXIT_NOT_EMPTY" \
        "the $DATABASE_LABEL is not empty ($relations tables, indexes, views or sequences): restore into a new database (createdb), or give --clean to restore over it; nothing was restored"
    say "the database is not empty ($relations relations): --clean, its objects that the backup has are dropped first"
fi
for pair in $FOLDERS; do
    variable=${pair#*|}
    folder=${!variable}
    if [ -e "$folder" ]; then
        [ -d "$folder" ] || die "$EXIT_USAGE" "$variable ($folder) is not a folder"
        if [ -n "$(ls -A "$folder")" ]; then
            [ -n "$clean" ] || die "$EXIT_NOT_EMPTY" \
                "$variable ($folder) is not empty: restore into an empty folder, or give --clean to empty it first; nothing was restored"
        fi
    else
        [ -d "$(dirname "$folder")" ] || die "$EXIT_USAGE" "$variable ($folder): its parent folder does not exist"
    fi
done

for pair in $FOLDERS; do
    name=${pair%|*}
    variable=${pair#*|}
    folder=${!variable}
    step "restoring $variable ($folder)"
    if [ -d "$folder" ] && [ -n "$clean" ]; then
        find "$folder" -mindepth 1 -delete
    fi
    mkdir -p "$folder"
    # As root, tar gives every file its recorded owner back (by name, else by number); its
    # mode always. The archive's "." entry sets the folder's own owner and mode.
    tar --extract --file="$set_dir/$name.tar" --directory="$folder" --preserve-permissions
    if [ -s "$set_dir/$name.files.sha256" ]; then
        if ! (cd "$folder" && sha256sum --check --strict --quiet "$set_dir/$name.files.sha256" >&2); then
            die "$EXIT_FAILED" "a restored file of $variable does not match its checksum (above)"
        fi
    elif [ -n "$(find "$folder" -type f -print -quit)" ]; then
        die "$EXIT_FAILED" "the set lists no file of $variable, but its archive held some"
    fi
    restored+="${restored:+, }$variable ($(wc -l <"$set_dir/$name.files.sha256") files, checked)"
done

step "restoring the $DATABASE_LABEL"
pg_restore --no-password --no-owner --no-acl --exit-on-error --single-transaction \
    ${clean:+--clean --if-exists} --dbname="$PGDATABASE" "$set_dir/database.dump" ||
    die "$EXIT_FAILED" "pg_restore failed (above); the database is as it was before (one transaction)"
restored+="${restored:+, }the database"
psql --no-password --no-psqlrc --quiet --command 'ANALYZE' >/dev/null

say "restore complete from $set_dir: $restored"
