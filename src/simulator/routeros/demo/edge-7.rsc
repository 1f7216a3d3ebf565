# 2026-11-01 09:00:00 by RouterOS 7.16.2
# software id = DEMO-EDGE
#
# The demo's "edge-01": a small office edge with two ISPs and the admin's own rules already in place
# (defconf firewall, an MSS clamp, a port forward). Waymark's plan is pushed on top and must leave them alone.
/interface ethernet set [ find default-name=ether1 ] comment="ISP A (fibre)" name=wan1
/interface ethernet set [ find default-name=ether2 ] comment="ISP B (LTE)" name=wan2
/interface ethernet set [ find default-name=ether3 ] comment="office switch" name=lan0
/interface list add comment=defconf name=WAN
/interface list add comment=defconf name=LAN
/interface list member add comment=defconf interface=lan0 list=LAN
/interface list member add comment=defconf interface=wan1 list=WAN
/interface list member add comment=defconf interface=wan2 list=WAN
/ip address add address=192.168.10.1/24 comment=defconf interface=lan0 network=192.168.10.0
/ip address add address=198.51.100.2/24 interface=wan1 network=198.51.100.0
/ip address add address=203.0.113.2/24 interface=wan2 network=203.0.113.0
/ip firewall address-list add address=192.168.10.0/24 list=office
/ip firewall filter add action=accept chain=input comment="defconf: accept established,related,untracked" connection-state=established,related,untracked
/ip firewall filter add action=drop chain=input comment="defconf: drop invalid" connection-state=invalid
/ip firewall filter add action=accept chain=input comment="defconf: accept ICMP" protocol=icmp
/ip firewall filter add action=drop chain=input comment="defconf: drop all not coming from LAN" in-interface-list=!LAN
/ip firewall filter add action=accept chain=forward comment="defconf: accept established,related, untracked" connection-state=established,related,untracked
/ip firewall filter add action=drop chain=forward comment="defconf: drop invalid" connection-state=invalid
/ip firewall mangle add action=change-mss chain=forward comment="clamp MSS for the LTE link" new-mss=1400 out-interface=wan2 passthrough=yes protocol=tcp tcp-flags=syn
/ip firewall nat add action=dst-nat chain=dstnat comment="camera NVR (admin's own forward)" dst-port=8554 in-interface=wan1 protocol=tcp to-addresses=192.168.10.250 to-ports=554
/ip route add comment="default before Waymark" distance=10 dst-address=0.0.0.0/0 gateway=198.51.100.1
/system identity set name=edge-01
