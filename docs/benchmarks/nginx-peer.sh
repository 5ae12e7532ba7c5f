# Sourced by the benchmarks that compare a webchat route with nginx serving the same file from
# disk (static-vs-nginx.sh, attachments-vs-nginx.sh): one configuration of the peer, tuned as a
# production nginx serves static files (sendfile, keep-alive, open file cache, one worker).
#
#   write_nginx_conf WORK_DIR PORT ROOT   writes WORK_DIR/nginx.conf
write_nginx_conf() {
  local work=$1 port=$2 root=$3
  cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    open_file_cache max=1000 inactive=60s;
    etag on;
    server {
        listen 127.0.0.1:$port reuseport;
        root $root;
    }
}
NGINX
}
