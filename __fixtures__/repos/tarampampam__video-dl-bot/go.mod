module gh.tarampamp.am/video-dl-bot

go 1.26

require gopkg.in/telebot.v4 v4.0.0-beta.10
