# nov/01/2026 09:00:00 by RouterOS 6.49.10
# software id = DEMO-BRANCH
#
# The demo's "branch-02": a branch office on RouterOS 6 with a DSL and a cable line.
/interface ethernet set [ find default-name=ether1 ] comment="ISP A (cable)" name=wan1
/interface ethernet set [ find default-name=ether2 ] comment="ISP B (DSL)" name=wan2
/interface ethernet set [ find default-name=ether3 ] name=lan0
/interface list add name=WAN
/interface list add name=LAN
/interface list member add interface=lan0 list=LAN
/interface list member add interface=wan1 list=WAN
/interface list member add interface=wan2 list=WAN
/ip address add address=192.168.20.1/24 interface=lan0 network=192.168.20.0
/ip address add address=198.51.100.34/28 interface=wan1 network=198.51.100.32
/ip address add address=203.0.113.66/28 interface=wan2 network=203.0.113.64
/ip firewall filter add action=accept chain=input comment="accept established" connection-state=established,related
/ip firewall filter add action=drop chain=input comment="drop the rest from WAN" in-interface-list=WAN
/ip firewall mangle add action=mark-connection chain=prerouting comment="VoIP to the SIP trunk stays on DSL" connection-mark=no-mark dst-address=203.0.113.200 new-connection-mark=voip passthrough=yes
/ip firewall mangle add action=mark-routing chain=prerouting comment="VoIP routing" connection-mark=voip new-routing-mark=voip passthrough=no
/ip route add comment="VoIP via DSL" distance=1 gateway=203.0.113.65 routing-mark=voip
/ip route add comment="default before Waymark" distance=10 gateway=198.51.100.33
/system identity set name=branch-02
