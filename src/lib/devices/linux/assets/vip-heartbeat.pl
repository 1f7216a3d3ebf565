#!/usr/bin/perl
# Waymark shared virtual IP: the heartbeat daemon of one node (installed by Waymark; perl-base only, which is
# Essential on Debian: no module outside it is used).
#
#   vip-heartbeat.pl run <config>          the daemon (in the foreground; started detached by Waymark's push)
#   vip-heartbeat.pl supervise <config>    runs the daemon and starts it again a second after it ends
#   vip-heartbeat.pl owners <site> <buckets> <node,node,...>   prints each bucket's owner ("-": none)
#   vip-heartbeat.pl check-config <config> exits 0 when the configuration parses
#
# Every interval it sends a UDP heartbeat to each peer (only while its own service check passes and its interface
# has carrier), hears the peers' heartbeats (only from the member addresses of its site), counts a peer unheard for
# dead_after intervals as dead, and on any change of the alive set computes the buckets it owns by rendezvous
# hashing (fmix32 of FNV-1a 32 of "<site>/<bucket>/<node>", highest wins; the same as domain/site/vip/rendezvous.ts) and
# rewrites the nft set `owned` in one `nft -f` transaction. A surviving node's buckets never move.
# It claims nothing until it has listened for dead_after intervals + one (at start, after its interface comes back,
# or after being stopped): its peers, hearing it, give its buckets back first, so no bucket is answered twice.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use POSIX ();

$SIG{PIPE} = 'IGNORE';
my $mode = shift @ARGV // '';

sub fnv1a32 {
  my $h = 0x811c9dc5;
  for my $byte (unpack('C*', $_[0])) {
    $h ^= $byte;
    $h = ($h * 0x01000193) & 0xffffffff;
  }
  return $h;
}

# (a * b) mod 2^32 without losing bits: a perl integer holds 64, the full product would need up to 64 plus.
sub mul32 {
  my ($a, $b) = @_;
  return ((($a & 0xffff) * $b) + (((($a >> 16) * $b) & 0xffff) << 16)) & 0xffffffff;
}

# MurmurHash3's 32-bit finalizer (see rendezvous.ts fmix32 for why).
sub fmix32 {
  my ($h) = @_;
  $h ^= $h >> 16;
  $h = mul32($h, 0x85ebca6b);
  $h ^= $h >> 13;
  $h = mul32($h, 0xc2b2ae35);
  $h ^= $h >> 16;
  return $h;
}

sub owner_of {
  my ($site, $bucket, @alive) = @_;
  my ($best, $best_w) = (undef, -1);
  for my $node (@alive) {
    my $w = fmix32(fnv1a32("$site/$bucket/$node"));
    if ($w > $best_w || ($w == $best_w && defined $best && $node > $best)) { ($best, $best_w) = ($node, $w); }
  }
  return $best;
}

if ($mode eq 'owners') {
  my ($site, $buckets, $list) = @ARGV;
  die "usage: owners <site> <buckets> <node,node,...>\n" unless defined $site && defined $buckets && $buckets =~ /^\d+$/;
  my @alive = grep { /^\d+$/ } split(/,/, $list // '');
  print join(' ', map { my $o = owner_of($site, $_, @alive); defined $o ? $o : '-' } 0 .. $buckets - 1), "\n";
  exit 0;
}

# ---- configuration (written by Waymark's compiler; every line checked against its grammar) ----
sub read_config {
  my ($file) = @_;
  open(my $fh, '<', $file) or die "cannot read $file: $!\n";
  my %c = (peers => {});
  while (my $line = <$fh>) {
    chomp $line;
    next if $line =~ /^\s*(#|$)/;
    if ($line =~ /^site ([a-z][a-z0-9-]{0,23})$/) { $c{site} = $1 }
    elsif ($line =~ /^node (\d{1,2})$/) { $c{node} = $1 }
    elsif ($line =~ /^table (waymark_vip_[a-z0-9_]{1,24})$/) { $c{table} = $1 }
    elsif ($line =~ /^buckets (\d{1,3})$/) { $c{buckets} = $1 }
    elsif ($line =~ /^port (\d{1,5})$/) { $c{port} = $1 }
    elsif ($line =~ /^interval_ms (\d{2,4})$/) { $c{interval} = $1 }
    elsif ($line =~ /^dead_after (\d{1,2})$/) { $c{dead_after} = $1 }
    elsif ($line =~ m{^state (/run/waymark/vip/[a-z0-9-]{1,24}/state)$}) { $c{state} = $1 }
    elsif ($line =~ /^interface ([A-Za-z0-9][A-Za-z0-9._-]{0,14})$/) { $c{interface} = $1 }
    elsif ($line =~ /^peer (\d{1,2}) (\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/) { $c{peers}{$1} = $2 }
    elsif ($line eq 'check none') { $c{check} = undef }
    elsif ($line =~ m{^check (tcp|http) (\d{1,5}) (/[A-Za-z0-9._~/-]{0,100}) (\d{3}) (\d+) (\d+) (\d+) (\d+)$}) {
      $c{check} = { type => $1, port => $2, path => $3, status => $4, interval => $5, timeout => $6, down => $7, up => $8 };
    }
    else { die "$file: unexpected line: $line\n" }
  }
  for my $key (qw(site node table buckets port interval dead_after state)) { die "$file: no $key\n" unless defined $c{$key} }
  die "$file: this node ($c{node}) is not among the peers\n" unless defined $c{peers}{ $c{node} };
  return \%c;
}

if ($mode eq 'check-config') { read_config($ARGV[0] // die "usage: check-config <config>\n"); print "ok\n"; exit 0 }

# The host's monotonic clock in ms (proc(5): /proc/uptime, 10 ms steps; Time::HiRes is not in perl-base).
sub now_ms {
  open(my $fh, '<', '/proc/uptime') or die "no /proc/uptime: $!\n";
  my ($up) = split(' ', scalar <$fh>);
  return int($up * 1000);
}

sub say_log {
  my ($words) = @_;
  my $stamp = POSIX::strftime('%Y-%m-%dT%H:%M:%S', gmtime());
  print STDERR "$stamp waymark-vip: $words\n";
  # The journal or syslog, where there is one (logger is in bsdutils, Essential on Debian); never waited for long.
  system('sh', '-c', 'command -v logger >/dev/null 2>&1 && logger -t waymark-vip -- "$0" 2>/dev/null &', $words);
}

if ($mode eq 'supervise') {
  my $config = $ARGV[0] // die "usage: supervise <config>\n";
  my $child;
  $SIG{TERM} = $SIG{INT} = sub { kill('TERM', $child) if $child; exit 0 };
  while (1) {
    my $started = now_ms();
    $child = fork();
    die "fork: $!\n" unless defined $child;
    if ($child == 0) { exec($^X, $0, 'run', $config) or POSIX::_exit(127) }
    waitpid($child, 0);
    # Back within a heartbeat or two, the peers never count this node dead, so no bucket of its moves and none of
    # its connections is reset (its kernel keeps answering from the set meanwhile); a daemon that keeps failing
    # fast is started once a second.
    my $pause = now_ms() - $started > 5000 ? 0.05 : 1;
    say_log("daemon ended (status $?); starting it again in ${pause} s");
    $child = undef;
    select(undef, undef, undef, $pause);
  }
}

die "usage: vip-heartbeat.pl run|supervise|owners|check-config ...\n" unless $mode eq 'run';
my $c = read_config($ARGV[0] // die "usage: run <config>\n");
my ($site, $self, $interval) = ($c->{site}, $c->{node}, $c->{interval});
my $dead_ms = $interval * $c->{dead_after};
my %peers = %{ $c->{peers} };
my %node_at = reverse %peers;
my $self_addr = $peers{$self};

# ---- the service check, in a child so a slow check never delays a heartbeat ----
sub check_once {
  my ($k) = @_;
  my $timeout = $k->{timeout} / 1000;
  my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $k->{port}, Proto => 'tcp', Timeout => $timeout);
  return (0, "no connection to port $k->{port}") unless $s;
  if ($k->{type} eq 'tcp') { close($s); return (1, "port $k->{port} accepts connections") }
  $s->autoflush(1);
  print $s "GET $k->{path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: waymark-vip\r\nConnection: close\r\n\r\n";
  my $sel = IO::Select->new($s);
  my $buf = '';
  my $deadline = now_ms() + $k->{timeout};
  while ($buf !~ /\n/) {
    my $left = $deadline - now_ms();
    last if $left <= 0 || !$sel->can_read($left / 1000);
    my $n = sysread($s, $buf, 512, length $buf);
    last unless $n;
  }
  close($s);
  my ($code) = $buf =~ m{^HTTP/\d(?:\.\d)? (\d{3})};
  return (0, "no HTTP answer from port $k->{port} within $k->{timeout} ms") unless defined $code;
  return ($code == $k->{status} ? 1 : 0, "GET $k->{path} answered $code");
}

my ($check_fh, $check_pid);
if ($c->{check}) {
  my $k = $c->{check};
  $check_pid = open($check_fh, '-|') // die "fork: $!\n";
  if ($check_pid == 0) {
    $| = 1;
    my ($state, $run) = (undef, 0);
    while (1) {
      my $started = now_ms();
      my ($ok, $detail) = check_once($k);
      if (!defined $state) { ($state, $run) = ($ok, 0) }
      elsif ($ok != $state) { $run++; if ($run >= ($ok ? $k->{up} : $k->{down})) { ($state, $run) = ($ok, 0) } }
      else { $run = 0 }
      print(($state ? 'pass' : 'fail'), " $detail\n") or exit 0;
      exit 0 if getppid() == 1;
      my $rest = $k->{interval} - (now_ms() - $started);
      select(undef, undef, undef, $rest / 1000) if $rest > 0;
    }
  }
}

# ---- the heartbeat ----
my $sock;
until ($sock = IO::Socket::INET->new(Proto => 'udp', LocalAddr => $self_addr, LocalPort => $c->{port}, ReuseAddr => 1)) {
  say_log("cannot listen on $self_addr:$c->{port} ($!); trying again in 1 s");
  select(undef, undef, undef, 1);
}
my $sel = IO::Select->new($sock);
$sel->add($check_fh) if $check_fh;

my $running = 1;
$SIG{TERM} = $SIG{INT} = sub { $running = 0 };
my $start = now_ms();
my %heard;                  # node → ms it was last heard
my $check_ok = $c->{check} ? 0 : 1;
my $check_detail = $c->{check} ? 'not checked yet' : 'none';
my $listen_until = $start + $dead_ms + $interval;
my ($alive_key, $owned_key, $carrier, $seq, $pending) = ('', undef, 1, 0, '');
my @owned;
my $nft_failed_at;
my $state_file = $c->{state};
(my $state_dir = $state_file) =~ s{/[^/]*$}{};
system('mkdir', '-p', $state_dir);
if (open(my $pidfh, '>', "$state_dir/heartbeat.pid")) { print $pidfh "$$\n"; close($pidfh) }
say_log("node $self of site $site started; listening for " . ($dead_ms + $interval) . " ms before claiming buckets");

sub carrier_up {
  return 1 unless $c->{interface};
  open(my $fh, '<', "/sys/class/net/$c->{interface}/carrier") or return 0;
  my $v = <$fh> // '';
  return $v =~ /^1/ ? 1 : 0;
}

sub alive_nodes {
  my ($now) = @_;
  my @alive = grep { $_ != $self && defined $heard{$_} && $now - $heard{$_} <= $dead_ms } keys %peers;
  push @alive, $self if $check_ok && $carrier;
  return sort { $a <=> $b } @alive;
}

sub apply_owned {
  my ($now, @mine) = @_;
  my $key = join(',', @mine);
  return 1 if defined $owned_key && $key eq $owned_key;
  # A failed rewrite is tried again once an interval, and said once until it works.
  return 0 if defined $nft_failed_at && $now - $nft_failed_at < $interval;
  my $batch = "flush set ip $c->{table} owned\n" . (@mine ? "add element ip $c->{table} owned { " . join(', ', @mine) . " }\n" : '');
  my $ok = open(my $nft, '|-', 'nft', '-f', '-');
  if ($ok) { print $nft $batch; $ok = close($nft) }
  if (!$ok) {
    say_log("nft could not rewrite the owned buckets (exit $?); trying again every $interval ms") unless defined $nft_failed_at;
    $nft_failed_at = $now;
    return 0;
  }
  say_log('nft rewrites the owned buckets again') if defined $nft_failed_at;
  $nft_failed_at = undef;
  $owned_key = $key;
  @owned = @mine;
  return 1;
}

sub write_state {
  my ($now, @alive) = @_;
  my @lines = ('version 1', "pid $$", "uptime_ms $now", "node $self", "carrier $carrier",
    'listening ' . ($now < $listen_until ? 1 : 0),
    $c->{check} ? 'check ' . ($check_ok ? 'pass' : 'fail') . " $check_detail" : 'check none');
  for my $n (sort { $a <=> $b } keys %peers) {
    next if $n == $self;
    my $ago = defined $heard{$n} ? $now - $heard{$n} : 'never';
    my $alive = (defined $heard{$n} && $now - $heard{$n} <= $dead_ms) ? 'alive' : 'dead';
    push @lines, "peer $n $peers{$n} $alive $ago";
  }
  push @lines, 'alive ' . join(' ', @alive), 'owned ' . join(' ', @owned), 'end';
  if (open(my $fh, '>', "$state_file.tmp")) { print $fh join("\n", @lines), "\n"; close($fh); rename("$state_file.tmp", $state_file) }
}

sub evaluate {
  my ($now) = @_;
  my @alive = alive_nodes($now);
  my $key = join(',', @alive);
  my $claiming = $now >= $listen_until;
  if ($key ne $alive_key) {
    say_log("alive nodes: " . ($key eq '' ? 'none' : $key) . ($alive_key eq '' ? '' : " (were $alive_key)"));
    $alive_key = $key;
  }
  my @mine = $claiming && $check_ok && $carrier ? grep { (owner_of($site, $_, @alive) // -1) == $self } 0 .. $c->{buckets} - 1 : ();
  my $before = defined $owned_key ? scalar(@owned) : -1;
  if (apply_owned($now, @mine) && $before != scalar(@mine)) { say_log('owns ' . scalar(@mine) . " of $c->{buckets} buckets") }
  return @alive;
}

my $next_tick = $start;
my $last_tick = $start;
while ($running) {
  my $now = now_ms();
  my $next = $next_tick;
  for my $n (keys %heard) { my $expiry = $heard{$n} + $dead_ms + 10; $next = $expiry if $expiry > $now && $expiry < $next }
  $next = $listen_until if $listen_until > $now && $listen_until < $next;
  my @ready = $sel->can_read($next > $now ? ($next - $now) / 1000 : 0);
  $now = now_ms();
  for my $fh (@ready) {
    if ($fh == $sock) {
      my $msg = '';
      my $from = $sock->recv($msg, 256);
      next unless defined $from && length($from) >= 8;
      my (undef, $ip) = eval { unpack_sockaddr_in($from) };
      next unless defined $ip;
      my $addr = inet_ntoa($ip);
      # Only a member address of this site, saying the node number that address has.
      next unless $msg =~ /^WMVIP1 ([a-z0-9-]+) (\d+) \d+$/ && $1 eq $site && defined $node_at{$addr} && $node_at{$addr} == $2 && $2 != $self;
      $heard{$2} = $now;
    } elsif ($check_fh && $fh == $check_fh) {
      my $n = sysread($check_fh, $pending, 4096, length $pending);
      if (!$n) { say_log('the service check stopped; counting the service as failing'); $sel->remove($check_fh); $check_fh = undef; ($check_ok, $check_detail) = (0, 'check process ended'); next }
      while ($pending =~ s/^(pass|fail) ([^\n]*)\n//) {
        my $ok = $1 eq 'pass' ? 1 : 0;
        say_log("service check " . ($ok ? 'passes' : 'fails') . ": $2") if $ok != $check_ok || $check_detail eq 'not checked yet';
        # Back in service: the peers give its buckets back when they hear its next heartbeat; claim after that,
        # not before, so no bucket is answered twice.
        $listen_until = $now + 2 * $interval if $ok && !$check_ok && $listen_until < $now + 2 * $interval;
        ($check_ok, $check_detail) = ($ok, $2);
      }
    }
  }
  if ($now >= $next_tick) {
    # Woken long after the tick (the node or this process was stopped): what it heard is stale; listen again.
    if ($now - $last_tick > $dead_ms) { say_log("no tick for " . ($now - $last_tick) . " ms; listening again before claiming"); $listen_until = $now + $dead_ms + $interval }
    $last_tick = $now;
    $next_tick += $interval;
    $next_tick = $now + $interval if $next_tick <= $now;
    my $had_carrier = $carrier;
    $carrier = carrier_up();
    if ($carrier != $had_carrier) {
      say_log("interface $c->{interface} " . ($carrier ? 'has carrier again; listening before claiming' : 'lost carrier'));
      $listen_until = $now + $dead_ms + $interval if $carrier;
    }
    if ($check_ok && $carrier) {
      $seq++;
      for my $n (keys %peers) { next if $n == $self; $sock->send("WMVIP1 $site $self $seq", 0, pack_sockaddr_in($c->{port}, inet_aton($peers{$n}))) }
    }
    write_state($now, evaluate($now));
  } else {
    evaluate($now);
  }
}
say_log("node $self of site $site stopping");
kill('TERM', $check_pid) if $check_pid;
exit 0;
