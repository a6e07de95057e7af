## Раздел «Жду в Мексике»: анкета, программа подготовки, экстренный круг, день перехода

mexico-intro =
    🇲🇽 <b>Для тех, кто ждёт в Мексике</b>

    Бот не советует, переходить ли границу и где: это решение — с адвокатом. Он помогает подготовиться и быть найденным:
    • программа подготовки: по одному шагу в день (документы, переводы, доказательства, номера телефонов, дети, что будет на границе и под стражей);
    • экстренный круг: родные (где угодно в мире) и волонтёр, которых вы пригласите;
    • страховка на день перехода: если вы не отметитесь вовремя, ваш круг и дежурные волонтёры сразу получат тревогу и план действий.
mexico-btn-signup = 📝 Заполнить анкету
mexico-signup-intro = Анкета займёт пару минут. Всё личное хранится зашифрованным; удалить можно в любой момент.
mexico-ask-city = В каком городе вы ждёте?
mexico-ask-city_other = Напишите город.
mexico-ask-adults = Сколько взрослых (вместе с вами) будут переходить? Нажмите или напишите число.
mexico-ask-children = Есть ли с вами дети? Напишите их возраст через запятую, например «4, 9».
mexico-ask-languages = На каких языках вы говорите? Отметьте и нажмите «Дальше».
mexico-ask-helper = Вам уже помогает адвокат или организация? Напишите кто (название или имя).
mexico-ask-planned = Есть ли у вас планируемая дата? Напишите её, например «15 января», или нажмите «Пока не знаю».
mexico-ask-latin = Для поиска в локаторе ICE: ваши имя и фамилия латиницей <b>точно как в загранпаспорте</b>, например IVANOV IVAN.
mexico-ask-birth = Дата рождения, например 01.02.1990 или «1 февраля 1990».
mexico-ask-country = Страна рождения (как в паспорте).
mexico-ask-anumber = A-номер, если он у вас уже есть (9 цифр, с бумаг иммиграционных властей США, например A-123-456-789). Если нет — «Нет A-номера».
mexico-ask-share = Что увидит ваш экстренный круг, если вы не отметитесь? Отметьте и нажмите «Дальше».
mexico-ask-case_mode = Если поднимется тревога, открыть семейное дело (для заседаний и волонтёра дела)?
mexico-ask-consent = Нажимая «Согласен(на)», вы разрешаете боту при пропущенной отметке отправить отмеченные данные людям из вашего круга (только тем, кого вы сами пригласили, и только после их согласия) и дежурным волонтёрам. Больше никто их не увидит. Анкету можно изменить или удалить в любой момент.
mexico-city-tijuana = Тихуана
mexico-city-mexicali = Мехикали
mexico-city-juarez = Сьюдад-Хуарес
mexico-city-reynosa = Рейноса
mexico-city-matamoros = Матаморос
mexico-city-nogales = Ногалес
mexico-city-piedras_negras = Пьедрас-Неграс
mexico-city-nuevo_laredo = Нуэво-Ларедо
mexico-city-cdmx = Мехико
mexico-city-other = Другой город
mexico-languages-ru = Русский
mexico-languages-en = Английский
mexico-languages-es = Испанский
mexico-languages-uk = Украинский
mexico-languages-other = Другой
mexico-share-locator = Данные для локатора (имя, дата и страна рождения)
mexico-share-date = Дата перехода
mexico-share-city = Город
mexico-case-mode-auto = Да, открыть сразу
mexico-case-mode-offer = Предложить моим родным
mexico-country-ru = Россия
mexico-skip-children = Без детей
mexico-skip-helper = Пока никто
mexico-skip-planned = Пока не знаю
mexico-skip-latin = Пропустить
mexico-skip-birth = Пропустить
mexico-skip-country = Пропустить
mexico-skip-anumber = Нет A-номера
mexico-btn-next = Дальше ➡️
mexico-btn-back = ⬅️ Назад
mexico-btn-cancel = ✖️ Отменить
mexico-btn-agree = ✅ Согласен(на), сохранить
mexico-use-buttons = На этом шаге ответьте кнопкой.
mexico-text-only = Ответьте текстом или кнопкой.
mexico-none = —
mexico-not-yet = пока не знаю
mexico-summary =
    <b>Ваша анкета</b>
    Город: { $city }
    Взрослых: { $adults }; дети (возраст): { $children }
    Языки: { $languages }
    Кто помогает: { $helper }
    Планируемая дата: { $planned }
    Для локатора: { $locator }
    Круг увидит: { $share }
    Семейное дело при тревоге: { $mode }
mexico-saved = ✅ Анкета сохранена. Первый шаг программы придёт утром по местному времени.
mexico-saved-edit = ✅ Изменения сохранены.
mexico-cancelled = Анкета отменена, ничего не сохранено.
mexico-cancelled-edit = Изменения не сохранены; прежняя анкета осталась.
mexico-home =
    🇲🇽 <b>Подготовка: { $done }/{ $total } готово</b>
    { $left }
    { $paused ->
        [true] ⏸ Ежедневные шаги на паузе.
       *[other] {""}
    }{ $watch }
mexico-more-left = …и ещё { $n }
mexico-all-done = Все шаги пройдены. Перечитывайте их перед переходом.
mexico-watch-line =
    { $alarm ->
        [true] 🚨 Тревога: вы не отметились. Нажмите «Я в порядке», если можете.
       *[other] 🛡 Страховка на переход: { $when }.
    }
mexico-btn-next-step = 📋 Следующий шаг
mexico-btn-all = 📚 Все шаги сразу
mexico-btn-pause = ⏸ Пауза ежедневных шагов
mexico-btn-resume = ▶️ Возобновить шаги
mexico-btn-circle = 👥 Экстренный круг
mexico-btn-crossing = 🛡 Я перехожу…
mexico-btn-ok = ✅ Я в порядке
mexico-btn-reschedule = 🗓 Перенести
mexico-btn-stop-watch = ✖️ Отменить страховку
mexico-btn-profile = 📝 Анкета
mexico-btn-home = 🇲🇽 К разделу
mexico-btn-edit = ✏️ Изменить
mexico-btn-delete = 🗑 Удалить анкету
mexico-btn-delete-yes = Да, удалить всё
mexico-delete-confirm = Удалить анкету, прогресс, круг и страховку? Это нельзя отменить.
mexico-deleted = Анкета и всё, что с ней связано, удалены.
mexico-paused = Ежедневные шаги на паузе.
mexico-resumed = Ежедневные шаги возобновлены.
mexico-all-queued = Сейчас придут все оставшиеся шаги ({ $n }).
mexico-step-card =
    📋 <b>{ $title }</b> ({ $done }/{ $total } готово)

    { $body }
mexico-btn-done = ✅ Сделано
mexico-btn-later = ⏳ Позже
mexico-btn-ask = 🙋 Спросить волонтёра
mexico-marked-done = Отмечено: { $done }/{ $total } готово
mexico-marked-later = Хорошо, вернёмся к этому позже
mexico-progress = Прогресс: { $done }/{ $total } готово.
mexico-ask-prefill = Вопрос по шагу подготовки «{ $title }»:
mexico-vol-view =
    <b>Люди в Мексике, которым вы помогаете</b>
    { $lines }
mexico-vol-line = { $n }. Подготовка { $done }/{ $total }; страховка: { $watch ->
        [active] идёт
        [alarm] 🚨 тревога
        [safe] закончилась
        [cancelled] отменена
       *[other] нет
    }
mexico-circle =
    👥 <b>Экстренный круг</b>
    Если вы не отметитесь после перехода, эти люди сразу получат тревогу и план действий.
    { $lines }
mexico-circle-empty = Пока никого. Пригласите родных: ссылка одноразовая, её можно переслать в любую страну.
mexico-circle-line = { $n }. { $role }, с { $since }
mexico-role-relative = Родственник
mexico-role-volunteer = Волонтёр
mexico-btn-invite-relative = ➕ Пригласить родственника
mexico-btn-invite-volunteer = ➕ Пригласить волонтёра
mexico-btn-remove = Убрать №{ $n }
mexico-removed = Убран(а) из круга.
mexico-invite-relative = Перешлите эту ссылку родственнику (одноразовая, действует { $days } дней):
    { $link }
mexico-invite-volunteer = Перешлите эту ссылку волонтёру (одноразовая, действует { $days } дней):
    { $link }
mexico-join-onboard-first = Чтобы войти в экстренный круг, сначала нажмите /start и пройдите знакомство, затем откройте ссылку ещё раз.
mexico-join-ask = Вас приглашают в экстренный круг человека, который готовится к переходу границы. Если он не отметится вовремя, вы получите тревогу и план действий. Согласны?
mexico-btn-join-yes = ✅ Да, я в круге
mexico-btn-join-no = Нет
mexico-joined = ✅ Вы в экстренном круге. Бот напишет, если понадобится помощь.
mexico-join-declined = Хорошо, вы не вошли в круг.
mexico-member-joined-relative = 👥 Родственник принял ваше приглашение в экстренный круг.
mexico-member-joined-volunteer = 👥 Волонтёр принял ваше приглашение в экстренный круг.
mexico-cross-ask-when = Когда вы переходите? Напишите дату и время по местному времени, например «15 января 9:00» или «завтра в 9:00».
mexico-cross-ask-place = Переход: { $when }. Где (пункт пропуска или район)? Можно пропустить.
mexico-skip-place = Пропустить
mexico-cross-ask-plan = Как часто вы сможете отмечаться «Я в порядке» после перехода?
mexico-plan-12x3 = Каждые 12 часов, 3 дня (обычно)
mexico-plan-6x2 = Каждые 6 часов, 2 дня
mexico-plan-24x7 = Раз в сутки, 7 дней
mexico-cross-not-saved = Страховка не сохранена.
mexico-cross-problem-past = Это время уже прошло. Напишите будущую дату и время.
mexico-cross-problem-no-time = Дату понял, а время нет. Напишите и время, например «15 января 9:00».
mexico-cross-problem-no-date = Не понял дату. Например: «15 января 9:00» или «завтра в 9:00».
mexico-cross-problem-bad-time = Такого времени нет ({ $hour }:{ $minute }). Проверьте часы и минуты: от 0:00 до 23:59.
mexico-cross-problem-bad-date = Такой даты нет. Проверьте число и месяц.
mexico-cross-problem-ambiguous-hour = «{ $morning }» — это ночью или днём ({ $afternoon })? Напишите время полностью, например { $afternoon }.
mexico-cross-problem-other = Не понял дату и время. Например: «15 января 9:00».
mexico-watch-started = 🛡 Страховка включена: переход { $when }. Первая отметка — { $first }, затем каждые { $hours } ч (всего { $checks }). Вечером накануне пришлём напоминание. Не отметитесь в течение двух часов после срока — ваш круг и дежурные получат тревогу.
mexico-checked-in = ✅ Отмечено. Следующая отметка — { $next }.
mexico-watch-safe = ✅ Рады, что вы в безопасности. Страховка закончена; круг получил весточку.
mexico-watch-cancelled = Страховка отменена.
mexico-case-opened = 📂 Семейное дело №{ $case } открыто: /cases. Волонтёр дела увидит его в очереди.
mexico-error-stale = Эта кнопка устарела. Откройте раздел заново: /mexico
mexico-error-consent = Сначала пройдите знакомство: /start
mexico-error-no-profile = Сначала заполните анкету: /mexico
mexico-error-bad-city = Выберите город кнопкой.
mexico-error-adults-number = Напишите число взрослых от 0 до 20.
mexico-error-child-ages = Напишите возраст детей числами через запятую, например «4, 9», или нажмите «Без детей».
mexico-error-child-age = Возраст ребёнка — от 0 до 17 лет. Проверьте числа.
mexico-error-empty = Пустой ответ: напишите текстом или нажмите кнопку.
mexico-error-too-long = Слишком длинно: сократите, пожалуйста.
mexico-error-latin = Нужны латинские буквы, как в загранпаспорте, например IVANOV IVAN.
mexico-error-anumber = Это не похоже на A-номер. Напишите так: A-123-456-789 или 123456789, или нажмите «Нет A-номера».
mexico-error-anumber-length = В A-номере должно быть 9 цифр (старые номера из 8 цифр я дополню нулём).
mexico-error-date = Не понял дату. Например: 01.02.1990 или «1 февраля 1990».
mexico-error-date-past = Эта дата уже прошла.
mexico-error-date-future = Эта дата ещё не наступила.
mexico-error-date-too-old = Слишком давняя дата. Проверьте год.
mexico-error-date-ambiguous-order = Эту дату можно прочитать двумя способами (день и месяц). Напишите месяц словом, например «1 февраля 1990».
mexico-error-no-language = Отметьте хотя бы один язык.
mexico-error-bad-role = Такого приглашения нет.
mexico-error-too-many-invites = Слишком много неиспользованных приглашений. Дождитесь, пока их примут, или подождите неделю.
mexico-error-invite-invalid = Ссылка не работает: она неверная, отозвана или устарела. Попросите новую.
mexico-error-invite-used = Эта ссылка уже использована. Попросите новую.
mexico-error-invite-own = Это ваша собственная ссылка: перешлите её родственнику.
mexico-error-invite-member = Вы уже в этом круге.
mexico-error-crossing-past = Это время уже прошло. Напишите будущую дату и время.
mexico-error-crossing-far = Дата больше чем через год: похоже на опечатку.
mexico-error-not-yours = Эта кнопка не ваша: отметиться может только сам человек.
mexico-error-watch-over = Страховка уже закончена или отменена.
mexico-error-not-found = Не нашёл: возможно, это уже удалено.
mexico-error-not-in-circle = Это может сделать только родственник из экстренного круга.
mexico-error-no-alarm = Тревоги сейчас нет.
mexico-error-no-locator = В анкете нет данных для локатора, поэтому дело не открыть автоматически. Откройте его вручную: /cases

## Сообщения через очередь: карточки, вечер накануне, отметки, тревога и план действий

mexico-when = { $at } ({ $zone })
mexico-step-changed = ✏️ <b>Шаг, отмеченный вами как сделанный, обновлён.</b> Прочитайте его ещё раз:
mexico-eve =
    🌙 <b>Завтра переход: { $when }.</b>
    Проверьте сегодня вечером:
    { $left }
    После перехода нажмите «Я в порядке», как только сможете; первая отметка — { $first }.
mexico-checkin-ask =
    🛡 <b>Отметка { $n } из { $total }.</b> Вы в порядке? Нажмите кнопку.
    Если ответа не будет до { $deadline }, ваш круг и дежурные волонтёры получат тревогу и план действий.
mexico-btn-safe = 🏁 Я в безопасности, выключить страховку
mexico-btn-open-case = 📂 Открыть семейное дело
mexico-alarm-who-name = { $name }
mexico-alarm-who-anon = человек, в чьём экстренном круге вы состоите,
mexico-alarm-head = 🚨 <b>Тревога: { $who } не отметился(ась)</b> (страховка №{ $watch })
mexico-alarm-due = Отметка ожидалась { $due }. Последняя отметка: { $last }.
mexico-alarm-never = после перехода не было
mexico-alarm-crossing = Переход: { $when }; место: { $place }.
mexico-alarm-city = Ждал(а) в городе: { $city }.
mexico-alarm-plan = <b>Что делать сейчас</b>
mexico-alarm-locator-none = 🔎 Локатор ICE, https://locator.ice.gov. Человек не поделился данными; для поиска нужны имя и фамилия латиницей <b>точно как в загранпаспорте</b> и страна рождения (или A-номер и страна рождения). Если вы их знаете — ищите по ним.
mexico-alarm-locator-anumber = 🔎 Локатор ICE, https://locator.ice.gov → поиск по A-номеру: <b>{ $anumber }</b> (все девять цифр), страна рождения: <b>{ $country }</b>.
mexico-alarm-locator-name = 🔎 Локатор ICE, https://locator.ice.gov → поиск по имени: <b>{ $name }</b>, точно как в загранпаспорте (ошибка в одной букве — и поиск ничего не найдёт); страна рождения: <b>{ $country }</b>; дата рождения: { $born } (необязательно, сужает поиск).
mexico-alarm-ussr = Если для родившегося в СССР по стране «Russia» ничего не находится, попробуйте другие возможные страны: какую ожидает локатор, не подтверждено (на 3 декабря 2026).
mexico-alarm-lag = ⏳ Пустой результат — ещё не плохая новость. Первые дни людей обычно держит CBP (пограничная служба), а в локаторе они появляются только после передачи в ICE; после перевода, освобождения или депортации локатор обновляется примерно через 8 часов, иногда позже. Проверяйте утром и вечером.
mexico-alarm-line = ☎️ Если за день-два не нашли: линия ICE по вопросам задержания (Detention Reporting and Information Line), 1-888-351-4024.
mexico-alarm-children = 👶 С человеком были дети ({ $n }). Детей до 18 лет в локаторе нет. Если ребёнка разлучили с родителями: колл-центр ORR, 1-800-203-7001, information@ORRNCC.com; назовите имя ребёнка, дату рождения, страну и A-номер, если известен. По телефону ORR не сообщает, где ребёнок: приют сам свяжется с родителем после проверки личности. Задержанный родитель может набрать 699# из центра содержания.
mexico-alarm-lawyer = ⚖️ Адвокат: список бесплатной юридической помощи EOIR, https://www.justice.gov/eoir/office-of-legal-access-programs. Проверяйте адвоката в коллегии адвокатов штата (state bar); «нотариус» (notario) или «консультант» — не адвокат. Никогда не подписывайте пустые бланки.
mexico-alarm-case-opened = 📂 Открыто семейное дело №{ $case } с этими данными: заседания и волонтёр дела — там (/cases).
mexico-alarm-case-offer = 📂 Человек просил, чтобы семейное дело открыл родственник: кнопка ниже перенесёт в него данные.
mexico-alarm-footer = <i>Бот не знает, где человек. Это общая информация, не юридическая консультация; номера — на 3 декабря 2026.</i>
mexico-clear =
    { $status ->
        [safe] ✅ { $who } в безопасности: страховка №{ $watch } завершена — { $at }.
        [cancelled] ✅ { $who } выключил(а) страховку №{ $watch }: тревога снята.
       *[other] ✅ { $who } отметился(ась): тревога страховки №{ $watch } снята. Отметка — { $at }.
    }
mexico-vol-crossing = переход { $when }
mexico-vol-case = семейное дело №{ $case }
mexico-desk-alarms =
    🚨 <b>Тревоги, которые ещё не сняты</b> (план действий — в сообщении о тревоге)
    { $lines }
mexico-desk-alarm-line = Страховка №{ $watch }: тревога с { $since }{ $case ->
        [0] {""}
       *[other] ; семейное дело №{ $case } — в очереди волонтёров дел
    }

## Операторам: рассылка по городу и строка /stats

mexico-bc-by-city = Ждущим в Мексике, по городу…
mexico-bc-ask-city = Какой город? (число — сколько человек получат)
mexico-bc-city-button = { $city }: { $n }
mexico-bc-segment-city = ждущим в Мексике, город { $city }
mexico-stats = <b>🇲🇽 Программа «Жду в Мексике»:</b> { $people } чел.; по числу сделанных шагов: { $steps }; по городам: { $cities }; страховок включено { $watches }, тревог не снято { $alarms }
mexico-stats-step = { $done } — { $n }
