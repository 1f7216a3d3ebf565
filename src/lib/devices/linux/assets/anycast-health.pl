#!/usr/bin/perl
# Waymark's anycast health daemon: keeps a server's route to the edge only while its service answers.
#
# Usage: anycast-health.pl <config>   (a key=value file written by Waymark: domain/site/anycast/files.ts)
#
# Every interval_ms it checks the service on this host: check=tcp opens a TCP connection to 127.0.0.1:port;
# check=http sends "GET path" there and wants the status expect_status. down_count failures in a row make the
# verdict "failing" and the daemon disables the BIRD protocol holding the service route (`birdc -s socket disable
# protocol`), which withdraws the route from the edge at once; up_count successes in a row make it "passing" and
# the protocol is enabled again. The first check decides the first verdict. The verdict is asserted again every
# 5 s, because a BIRD reconfiguration restarts a protocol whose configured state differs from its runtime one.
#
# It writes state_file on every check (atomically, by rename), which Waymark's reads parse:
#   format=1
#   pid=4242
#   verdict=passing            passing | failing
#   since=1765000000           epoch seconds of the last verdict change
#   updated_ms=1646320         /proc/uptime of the last check, in ms (freshness, by the host's own clock)
#   checks=1234
#   detail=connected to 127.0.0.1:8053
#
# Only perl-base (Essential on Debian) is used: IO::Socket::INET, IO::Select, POSIX.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use POSIX qw(WNOHANG);

my $path = shift @ARGV or die "usage: $0 <config>\n";
my %c = read_config($path);

# Every value has a strict pattern: anything else stops the daemon before it runs a single command.
my %grammar = (
    check => qr/^(tcp|http)$/, port => qr/^\d{1,5}$/, path => qr{^/[A-Za-z0-9._~/-]{0,100}$},
    expect_status => qr/^\d{3}$/, interval_ms => qr/^\d{1,6}$/, timeout_ms => qr/^\d{1,6}$/,
    down_count => qr/^\d{1,2}$/, up_count => qr/^\d{1,2}$/, birdc_socket => qr{^/[A-Za-z0-9._/-]{1,200}$},
    protocol => qr/^[A-Za-z][A-Za-z0-9_]{0,63}$/, state_file => qr{^/[A-Za-z0-9._/-]{1,200}$},
    pid_file => qr{^/[A-Za-z0-9._/-]{1,200}$},
);
for my $key (sort keys %grammar) {
    die "config: $key is missing or outside its grammar\n" unless defined $c{$key} && $c{$key} =~ $grammar{$key};
}

my $running = 1;
$SIG{TERM} = $SIG{INT} = sub { $running = 0 };
$SIG{CHLD} = 'DEFAULT';

write_file($c{pid_file}, "$$\n");
my ($verdict, $since, $passes, $fails, $checks, $asserted_at) = (undef, time, 0, 0, 0, 0);

while ($running) {
    my $started = uptime_ms();
    my ($ok, $detail) = check();
    $checks++;
    if ($ok) { $passes++; $fails = 0 } else { $fails++; $passes = 0 }
    my $next = $verdict;
    if (!defined $verdict) { $next = $ok ? 'passing' : 'failing' }
    elsif ($verdict eq 'passing' && $fails >= $c{down_count}) { $next = 'failing' }
    elsif ($verdict eq 'failing' && $passes >= $c{up_count}) { $next = 'passing' }
    if (!defined $verdict || $next ne $verdict) {
        $verdict = $next;
        $since = time;
        assert_route();
        $asserted_at = $started;
    } elsif ($started - $asserted_at >= 5000) {
        assert_route();
        $asserted_at = $started;
    }
    write_state($detail);
    my $left = $c{interval_ms} - (uptime_ms() - $started);
    select(undef, undef, undef, $left / 1000) if $left > 0 && $running;
}
unlink $c{pid_file};

sub check {
    my $timeout = $c{timeout_ms} / 1000;
    my $socket = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $c{port}, Proto => 'tcp', Timeout => $timeout);
    return (0, "no connection to 127.0.0.1:$c{port}: " . ($! || 'timed out')) unless $socket;
    if ($c{check} eq 'tcp') { close $socket; return (1, "connected to 127.0.0.1:$c{port}") }
    print {$socket} "GET $c{path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: waymark-anycast-health\r\nConnection: close\r\n\r\n";
    my $line = '';
    my $select = IO::Select->new($socket);
    while ($line !~ /\n/ && $select->can_read($timeout)) {
        my $got = sysread($socket, my $chunk, 256);
        last unless $got;
        $line .= $chunk;
    }
    close $socket;
    return (0, "no HTTP status line from 127.0.0.1:$c{port}$c{path}") unless $line =~ m{^HTTP/\d(?:\.\d)? (\d{3})};
    my $status = $1;
    return ($status == $c{expect_status} ? 1 : 0, "HTTP $status from 127.0.0.1:$c{port}$c{path}");
}

# enable/disable answer "enabled", "disabled" or "already …"; the command itself is idempotent.
sub assert_route {
    my $verb = $verdict eq 'passing' ? 'enable' : 'disable';
    my $pid = fork();
    return unless defined $pid;
    if ($pid == 0) {
        open(STDOUT, '>', '/dev/null');
        open(STDERR, '>', '/dev/null');
        exec('birdc', '-s', $c{birdc_socket}, $verb, $c{protocol}) or POSIX::_exit(127);
    }
    waitpid($pid, 0);
}

sub write_state {
    my ($detail) = @_;
    $detail =~ s/[^\x20-\x7e]/?/g;
    write_file($c{state_file}, join('', "format=1\n", "pid=$$\n", "verdict=$verdict\n", "since=$since\n",
        'updated_ms=' . uptime_ms() . "\n", "checks=$checks\n", "detail=$detail\n"));
}

sub write_file {
    my ($file, $content) = @_;
    my $tmp = "$file.tmp$$";
    open(my $fh, '>', $tmp) or return;
    print {$fh} $content;
    close $fh;
    rename $tmp, $file;
}

sub uptime_ms {
    open(my $fh, '<', '/proc/uptime') or return 0;
    my ($seconds) = split ' ', scalar <$fh>;
    close $fh;
    return int($seconds * 1000);
}

sub read_config {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "cannot read $file: $!\n";
    my %config;
    while (my $line = <$fh>) {
        next if $line =~ /^\s*(#|$)/;
        $config{$1} = $2 if $line =~ /^([a-z_]+)=(.*?)\s*$/;
    }
    close $fh;
    return %config;
}
