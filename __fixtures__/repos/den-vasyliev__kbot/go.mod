module github.com/den-vasyliev/kbot

go 1.22

require (
	github.com/spf13/cobra v1.6.1
	github.com/stianeikeland/go-rpio v4.2.0+incompatible
	gopkg.in/telebot.v4 v4.0.0-beta.4
)

require (
	github.com/inconshreveable/mousetrap v1.0.1 // indirect
	github.com/spf13/pflag v1.0.5 // indirect
)
