// Verbatim INSPECT_SCRIPT output from the dual-WAN lab's gateway (Debian 12, nft 1.0.6, iproute2 6.1.0, no
// systemd), with a plain default route via isp1, no Waymark policy yet, three LAN connection attempts through the
// watch (no NAT, so their SYNs were retried: six new-state packets) and one ended push's directory to remove.
export const LAB_INSPECTION = `has.nft=yes
has.iptables-restore=yes
has.conntrack=yes
has.socat=yes
has.ping=yes
has.systemd-run=yes
has.setsid=yes
systemd=no
nft.version=nftables v1.0.6 (Lester Gooch #5)
kernel=6.18.44-fc-v1147
applied=
table.sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
table=absent
removed=push-t9-2

@@waymark:watch 1646320
lan0 wan1 6

@@waymark:os-release
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"

@@waymark:ip-addr
[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"::1","prefixlen":128,"scope":"host","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":2,"link_index":2,"ifname":"wan1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"02:d8:9c:b1:78:28","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet","local":"198.51.100.2","prefixlen":30,"scope":"global","label":"wan1","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::d8:9cff:feb1:7828","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":3,"link_index":2,"ifname":"wan2","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"66:7c:60:43:58:2f","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":1,"addr_info":[{"family":"inet","local":"203.0.113.2","prefixlen":30,"scope":"global","label":"wan2","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::647c:60ff:fe43:582f","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":4,"link_index":2,"ifname":"lan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"8a:d8:2c:3a:58:33","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":2,"addr_info":[{"family":"inet","local":"192.168.10.1","prefixlen":24,"scope":"global","label":"lan0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::88d8:2cff:fe3a:5833","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":5,"link_index":56,"ifname":"mgmt0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"5e:17:1e:9e:85:07","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":3,"addr_info":[{"family":"inet","local":"10.213.1.2","prefixlen":30,"scope":"global","label":"mgmt0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::5c17:1eff:fe9e:8507","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]

@@waymark:ip-route
[{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]},{"dst":"10.213.1.0/30","dev":"mgmt0","protocol":"kernel","scope":"link","prefsrc":"10.213.1.2","flags":[]},{"dst":"192.168.10.0/24","dev":"lan0","protocol":"kernel","scope":"link","prefsrc":"192.168.10.1","flags":[]},{"dst":"198.51.100.0/30","dev":"wan1","protocol":"kernel","scope":"link","prefsrc":"198.51.100.2","flags":[]},{"dst":"203.0.113.0/30","dev":"wan2","protocol":"kernel","scope":"link","prefsrc":"203.0.113.2","flags":[]}]

@@waymark:ip-default
[{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]}]

@@waymark:end
`;
