#!/bin/sh
# One-shot set-up of the compose stack: the JWT issuer's key pair (the services verify tokens with public.pem), a
# 12-hour admin token (RS256, role provisioning-admin) in /jwt/admin.jwt, and the sample organisation's folders.
set -eu
issuer=${ISSUER:-https://provhub.local/issuer}
if [ ! -f /jwt/private.pem ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /jwt/private.pem 2> /dev/null
    openssl pkey -in /jwt/private.pem -pubout -out /jwt/public.pem
    chmod 0600 /jwt/private.pem
    chmod 0644 /jwt/public.pem
fi
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"compose-admin","upn":"compose-admin","groups":["provisioning-admin"],"iat":%s,"exp":%s,"jti":"%s"}' \
    "$issuer" "$now" "$((now + 43200))" "$(cat /proc/sys/kernel/random/uuid)" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign /jwt/private.pem -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature" > /jwt/admin.jwt
chmod 0644 /jwt/admin.jwt

# the sample organisation's watched folder and backups, writable by the services' user
mkdir -p /data/moran/in /data/moran/backup
chown -R 185:185 /data
echo "setup: admin token (12 h) in the jwt volume: docker compose run --rm setup cat /jwt/admin.jwt"
