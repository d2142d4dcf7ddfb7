# Sourced by bench/run.sh: a private Postfix instance on loopback (own config, durable queue, log file) that relays
# every remote domain to smtp-sink and delivers local.bench into one Maildir with virtual(8).

# postfix_write_config DIR SMTP_PORT SINK_PORT
postfix_write_config() {
  local dir="$1" port="$2" sink="$3"
  mkdir -p "$dir/conf" "$dir/queue" "$dir/data" "$dir/mail"
  chmod 755 "$dir"
  chown postfix "$dir/data"
  # virtual(8) writes the Maildir as this uid (nobody); it must own the mailbox base.
  chown 65534:65534 "$dir/mail"
  cat >"$dir/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-mailgrid-bench
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
myhostname = postfix.bench
mydomain = postfix.bench
myorigin = \$mydomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
local_recipient_maps =
alias_maps =
alias_database =
relayhost = [127.0.0.1]:$sink
smtp_host_lookup = native
smtp_tls_security_level = none
virtual_mailbox_domains = local.bench
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:bench/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
minimal_backoff_time = 1s
maximal_backoff_time = 2s
queue_run_delay = 1s
biff = no
EOF
  # smtpd may run one process per session (2,000 idle sessions in the memory test); everything else keeps the
  # stock limits. No chroot: the queue is not under /var/spool.
  cat >"$dir/conf/master.cf" <<EOF
127.0.0.1:$port inet n - n - 2100 smtpd
pickup     unix  n - n 60    1 pickup
cleanup    unix  n - n -     0 cleanup
qmgr       unix  n - n 300   1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -     - trivial-rewrite
bounce     unix  - - n -     0 bounce
defer      unix  - - n -     0 bounce
trace      unix  - - n -     0 bounce
verify     unix  - - n -     1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -     - proxymap
proxywrite unix  - - n -     1 proxymap
smtp       unix  - - n -     - smtp
relay      unix  - - n -     - smtp
showq      unix  n - n -     - showq
error      unix  - - n -     - error
retry      unix  - - n -     - error
discard    unix  - - n -     - discard
virtual    unix  - n n -     - virtual
anvil      unix  - - n -     1 anvil
scache     unix  - - n -     1 scache
postlog    unix-dgram n - n - 1 postlogd
EOF
}

postfix_start() { /usr/sbin/postfix -c "$1/conf" check && /usr/sbin/postfix -c "$1/conf" start; }

postfix_stop() {
  /usr/sbin/postfix -c "$1/conf" stop >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 100); do
    /usr/sbin/postfix -c "$1/conf" status >/dev/null 2>&1 || return 0
    sleep 0.1
  done
}

postfix_master_pid() { tr -d ' \n' <"$1/queue/pid/master.pid"; }

# Messages in Postfix's queue (0 when "Mail queue is empty").
postfix_queue_size() {
  local out
  out="$(/usr/sbin/postqueue -c "$1/conf" -j 2>/dev/null | grep -c '"queue_id"' || true)"
  echo "${out:-0}"
}

# Messages delivered into the local.bench Maildir.
postfix_mailbox_count() { find "$1/mail/bench/new" -type f 2>/dev/null | wc -l; }
