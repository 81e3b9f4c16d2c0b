#!/bin/sh
# The FTPS server: a certificate for host "ftps" (made once, kept in the tls volume with a PKCS#12 trust store
# export-service uses), then vsftpd in the foreground. Uploads land in /home/provhub.
set -eu
if [ ! -f /tls/ftps.crt ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=ftps" \
        -addext "subjectAltName=DNS:ftps,DNS:localhost" -keyout /tls/ftps.key -out /tls/ftps.crt 2> /dev/null
    chmod 0600 /tls/ftps.key
    chmod 0644 /tls/ftps.crt
fi
echo "ftps: explicit TLS on ftps:21, user provhub / provhub, uploads in /home/provhub"
exec vsftpd /etc/vsftpd.conf
