## Семейные дела: родственники, задержанные и волонтёр дела

cases-none = —
cases-home =
    <b>👨‍👩‍👧 Семья и дела</b>
    Семейное дело объединяет родственников и волонтёра вокруг тех, кто задержан, в приюте или уже на свободе. Видят его только участники, которых одобрил владелец, и один волонтёр.
    { $count ->
        [0] У вас пока нет дел. Откройте новое — я по шагам спрошу о каждом человеке.
        [one] У вас { $count } дело:
        [few] У вас { $count } дела:
        [many] У вас { $count } дел:
       *[other] У вас { $count } дела:
    }
cases-home-case = 📁 Дело №{ $case }: { $names }
cases-btn-new = ➕ Открыть новое дело
cases-btn-queue-count = 📋 Очередь ({ $count })
cases-btn-mine = 🤝 Мои дела (волонтёр)
cases-btn-all = 🗂 Все дела (админ)
cases-btn-home = ⬅️ К списку дел
cases-btn-open = 📁 Открыть дело №{ $case }

## Карточка дела

cases-card =
    <b>📁 Дело №{ $case }</b>{ $closed ->
        [yes] {" "}(закрыто)
       *[no] {""}
    }
    Вы здесь: { $role }

    <b>Люди в деле:</b>
    { $persons }

    { $volunteer }
    Участников: { $members }{ $muted ->
        [yes] {" "}· 🔕 уведомления выключены
       *[no] {""}
    }
cases-person-line = • <b>{ $name }</b> — { $status }, { $place }
cases-role-owner = владелец дела
cases-role-member = участник
cases-role-volunteer = волонтёр дела
cases-role-admin = администратор
cases-card-volunteer = 🤝 Помогает: { $name }
cases-card-volunteer-waiting = 🤝 Волонтёр: ждём, кто возьмёт дело
cases-card-volunteer-none = 🤝 Волонтёра пока нет — его можно попросить.
cases-btn-add-person = ➕ Добавить человека
cases-btn-update = ✍️ Написать новость
cases-btn-note = 🔒 Заметка для волонтёров
cases-btn-timeline = 🕓 Хроника
cases-btn-members = 👥 Участники
cases-btn-next = 🧭 Что делать сейчас
cases-btn-ask-volunteer = 🙋 Попросить волонтёра
cases-btn-release = ↩️ Вернуть дело в очередь
cases-btn-reassign = 🔁 Передать другому волонтёру
cases-btn-mute = 🔕 Выключить уведомления
cases-btn-unmute = 🔔 Включить уведомления
cases-btn-leave = 🚪 Выйти из дела

## Статусы и места

cases-status-detained = задержан(а)
cases-status-transferred = переведён(а) в другое место
cases-status-released = на свободе
cases-status-removed = депортирован(а)
cases-status-unknown = неизвестно
cases-loc-facility = учреждение ICE
cases-loc-court = иммиграционный суд
cases-loc-unknown = место неизвестно
cases-loc-released = на свободе
cases-loc-shelter = в детском приюте
cases-loc-mexico = в Мексике
cases-loc-other = другое место
cases-loc-btn-unknown = ❓ Не знаю где
cases-loc-btn-released = 🔓 Уже на свободе
cases-loc-btn-shelter = 🧸 В детском приюте
cases-loc-btn-mexico = 🇲🇽 В Мексике

cases-rel-husband = муж
cases-rel-wife = жена
cases-rel-son = сын
cases-rel-daughter = дочь
cases-rel-father = отец
cases-rel-mother = мать
cases-rel-brother = брат
cases-rel-sister = сестра

cases-country-RU = Россия
cases-country-BY = Беларусь
cases-country-UA = Украина
cases-country-KZ = Казахстан
cases-country-UZ = Узбекистан
cases-country-KG = Кыргызстан
cases-country-TJ = Таджикистан
cases-country-AM = Армения
cases-country-GE = Грузия
cases-country-AZ = Азербайджан
cases-country-MD = Молдова
cases-country-TM = Туркменистан

## Анкета человека

cases-form-intro =
    Я спрошу о человеке по шагам: имя, дата и страна рождения, A-номер, где он сейчас, когда задержан. Необязательные шаги можно пропустить, к любому — вернуться кнопкой «Назад».
    Имена, даты, A-номера, места и заметки хранятся в зашифрованном виде.
cases-ask-latin_name =
    <b>Шаг 1.</b> Фамилия и имя <b>латиницей, точно как в загранпаспорте</b>, сначала фамилия.
    Например: <code>IVANOV IVAN</code>
    Если фамилия из нескольких слов, поставьте после неё запятую: <code>SAN MARTIN, ELENA</code>
cases-ask-cyrillic_name = <b>Шаг 2.</b> Фамилия, имя и отчество кириллицей. Например: <code>Иванов Иван Петрович</code>
cases-ask-birth_date = <b>Шаг 3.</b> Дата рождения: день, месяц, год. Например: <code>15.03.1985</code>
cases-ask-birth_country =
    <b>Шаг 4.</b> Страна рождения. Выберите кнопкой или напишите.
    Если человек родился в СССР, выберите страну, где сейчас это место.
cases-ask-a_number =
    <b>Шаг 5.</b> A-номер (в английских бумагах — «Alien Number» или «A-Number») — девять цифр, он есть в правом верхнем углу уведомления о явке в суд (NTA) и в любых бумагах ICE и суда.
    Например: <code>A-123-456-789</code> или <code>123456789</code>. Если не знаете — пропустите, добавите потом.
cases-ask-location =
    <b>Шаг 6.</b> Где сейчас { $name }? Напишите название учреждения или города (например, <code>Adelanto</code>, <code>Jena</code>, <code>El Paso</code>) — я найду в списке учреждений ICE и иммиграционных судов.
    Или выберите кнопкой:
cases-ask-detained_on = <b>Шаг 7.</b> Когда задержали? Дата, например: <code>02.11.2026</code>
cases-ask-relation = <b>Шаг 8.</b> Кем вам приходится { $name }? Выберите или напишите (например, «племянник»).
cases-ask-notes = <b>Шаг 9.</b> Короткие заметки: здоровье, лекарства, адвокат, что важно знать волонтёру. Только самое нужное — до 600 знаков.
cases-ask-current = Сейчас записано: <b>{ $value }</b>. Напишите новое значение или нажмите кнопку.
cases-skip-cyrillic_name = ⏭ Пропустить
cases-skip-birth_date = ⏭ Не знаю, пропустить
cases-skip-birth_country = ⏭ Пропустить
cases-skip-a_number = ⏭ Не знаю A-номер
cases-skip-detained_on = ⏭ Не знаю, пропустить
cases-skip-relation = ⏭ Пропустить
cases-skip-notes = ⏭ Без заметок
cases-btn-back = ⬅️ Назад
cases-btn-cancel = ✖️ Отмена
cases-btn-save = ✅ Сохранить
cases-btn-change = ✏️ Исправить
cases-btn-place-typed = ✍️ Оставить как написал(а)
cases-place-found = Вот что я нашёл по «{ $typed }». Выберите место — или оставьте как написали:
cases-place-not-found = Не нашёл «{ $typed }» в своём списке учреждений и судов. Попробуйте написать иначе (только название или город) — или оставьте как написали:
cases-wizard-summary =
    Латиницей: <b>{ $latin }</b>
    Кириллицей: { $cyrillic }
    Дата рождения: { $birth }
    Страна рождения: { $country }
    A-номер: { $anumber }
    Где сейчас: { $place }
    Задержан(а): { $detained }
    Кем приходится: { $relation }
    Заметки: { $notes }
cases-wizard-confirm =
    <b>Проверьте, всё ли верно:</b>

    { $summary }
cases-wizard-which = Что исправить?
cases-field-latin_name = Имя латиницей
cases-field-cyrillic_name = Имя кириллицей
cases-field-birth_date = Дата рождения
cases-field-birth_country = Страна рождения
cases-field-a_number = A-номер
cases-field-location = Где сейчас
cases-field-detained_on = Дата задержания
cases-field-relation = Кем приходится
cases-field-notes = Заметки
cases-form-lost = Анкета сбилась, и продолжить её я не могу. Откройте «Семья и дела» в /menu и начните анкету ещё раз.
cases-form-cancelled = Хорошо, анкету отменил — из неё ничего не сохранено.
cases-form-interrupted =
    ✋ Анкета ещё не сохранена, я её держу:

    { $summary }

    Сохранить её, вернуться к ней или выбросить? Кнопка, которую вы нажали, сработает после этого.
cases-btn-form-resume = ✏️ Вернуться к анкете
cases-btn-form-discard = 🗑 Выбросить анкету
cases-use-buttons = Пожалуйста, выберите кнопкой под сообщением.
cases-text-only = Здесь я жду текст. Фото, голосовые и файлы сюда не подходят.
cases-saved-new-case =
    ✅ Открыл дело №{ $case } и сохранил: <b>{ $name }</b>.
    Добавьте остальных — например, второго супруга или ребёнка. Или нажмите «Готово», и я подскажу, что делать сейчас.
cases-saved-person = ✅ Добавил в дело №{ $case }: <b>{ $name }</b>.
cases-btn-add-another = ➕ Добавить ещё человека
cases-btn-done = ✅ Готово — что делать сейчас
cases-person-saved = ✅ Сохранил.

cases-err-latin-empty = Напишите фамилию и имя латиницей.
cases-err-latin-long = Слишком длинно. Напишите фамилию и имя как в паспорте.
cases-err-latin-cyrillic = Нужны латинские буквы — как в загранпаспорте, например <code>IVANOV IVAN</code>. Кириллицей спрошу на следующем шаге.
cases-err-latin-chars = Только латинские буквы, пробел, дефис и апостроф — как в паспорте. Например: <code>IVANOV IVAN</code>
cases-err-latin-one_word = Нужны и фамилия, и имя, например <code>IVANOV IVAN</code>.
cases-err-cyrillic = Напишите кириллицей, только буквы, пробел и дефис. Например: <code>Иванов Иван Петрович</code>
cases-err-date-format = Не понял дату. Напишите день, месяц и год цифрами: <code>15.03.1985</code>
cases-err-date-no_such_day = Такого дня нет в календаре. Проверьте день и месяц: <code>15.03.1985</code>
cases-err-date-future = Эта дата ещё не наступила. Проверьте год.
cases-err-date-too_old = Слишком ранний год. Проверьте дату: <code>15.03.1985</code>
cases-err-date-ambiguous_order = Дату с косой чертой можно прочитать двумя способами: как принято в России (день/месяц) и как в США (месяц/день). Какой из них месяц? Напишите дату через точки, день первым, например <code>01.02.1990</code> — 1 февраля 1990.
cases-err-date-before_birth = Дата задержания раньше даты рождения. Проверьте год.
cases-err-anumber =
    { $reason ->
        [length] В A-номере должно быть 9 цифр (старые номера из 8 цифр я дополню нулём).
       *[other] Это не похоже на A-номер.
    } Напишите так: <code>A-123-456-789</code> или <code>123456789</code>.
cases-err-too-long = Слишком длинно — сократите, пожалуйста.
cases-err-empty = Напишите хотя бы пару слов.

## Человек в деле

cases-person-card =
    <b>{ $latin }</b>
    Кириллицей: { $cyrillic }
    Дата рождения: { $birth }
    Страна рождения: { $country }
    A-номер: { $anumber }
    Статус: <b>{ $status }</b>
    Где: { $place }{ $local }
    Задержан(а): { $detained }
    Кем приходится: { $relation }
    Заметки: { $notes }
cases-person-local-time = 🕓 Там сейчас { $time } ({ $tz })
cases-btn-status = 🔄 Изменить статус
cases-btn-edit = ✏️ Исправить данные
cases-status-choose = Что изменилось? Выберите новый статус — об этом узнают все участники дела.
cases-status-saved = ✅ Статус изменён, участники дела получат уведомление.

## Что делать сейчас

cases-next-person = <b>🧭 Что делать сейчас: { $name }</b>
cases-next-country-unknown = страну рождения
cases-next-dob-unknown = (если знаете)
cases-next-facility =
    📍 <b>{ $name }</b> ({ $city }, { $state }). Там сейчас { $time } ({ $tz }).
    На странице учреждения на ice.gov — часы посещений, телефон, как отправить письмо и деньги.
cases-next-court =
    ⚖️ <b>{ $name }</b> ({ $city }, { $state }). Там сейчас { $time } ({ $tz }).
cases-next-locator-anumber =
    🔎 <b>Поиск ICE по A-номеру</b> — locator.ice.gov (есть русская версия), вкладка «A-Number»:
    • «A-Number»: <code>{ $digits }</code> (9 цифр, без буквы A)
    • Country of Birth: <b>{ $country }</b>
cases-next-locator-name =
    🔎 <b>Поиск ICE по имени</b> — там же, вкладка «Biographical Information»:
    • Last Name: <code>{ $last }</code>
    • First Name: <code>{ $first }</code>
    • Country of Birth: <b>{ $country }</b>
    • Date of Birth: <code>{ $dob }</code>
    Имя должно совпадать с паспортным буква в букву.
cases-next-locator-ussr = ⚠️ Для родившихся в СССР не ясно, какую страну ждёт поиск. Если «Russia» ничего не находит — попробуйте другие возможные варианты.
cases-next-locator-limits = ℹ️ Поиск обновляется с задержкой (около 8 часов после перевода или освобождения) и не показывает тех, кто ещё у пограничников (CBP), и детей до 18 лет. Не нашли — проверяйте снова.
cases-next-unknown =
    📞 <b>Не знаете, где человек?</b> Линия ICE для сведений о задержанных (Detention Reporting and Information Line): <b>1-888-351-4024</b>, пн–пт 8:00–20:00 по восточному времени, есть помощь с языком.
cases-next-eoir =
    ⚖️ <b>Суд (EOIR)</b> — ближайшее заседание, решение судьи, апелляция:
    • сайт acis.eoir.justice.gov/en/ — A-номер <code>{ $digits }</code>
    • горячая линия <b>1-800-898-7180</b> (меню на английском и испанском), введите <code>{ $digits }</code> без буквы A.
    Там нет сведений о бонде и ходатайствах, а решения об ускоренной депортации (expedited removal) там не появляются.
cases-next-no-anumber = 🔢 <b>A-номера пока нет.</b> Он напечатан в правом верхнем углу уведомления о явке в суд (NTA, форма I-862) и во всех письмах ICE и суда. Как только узнаете — добавьте его в дело: «Исправить данные» → «A-номер». С ним можно проверить дело в суде.
cases-next-orr =
    🧸 <b>Ребёнок в приюте (ORR)</b>: Национальный колл-центр ORR <b>1-800-203-7001</b>, information@ORRNCC.com. Назовите имя ребёнка, дату и страну рождения, A-номер, если знаете.
    Колл-центр не сообщает, где ребёнок: он передаёт ваши данные в приют, и приют связывается с родителем после проверки личности. Родитель в детеншне может позвонить с телефона учреждения: <b>699#</b>.
    ⚠️ С июля 2025 года спонсоры, включая родителей, должны лично приходить на проверку личности с отпечатками пальцев; там может присутствовать ICE, сообщалось об арестах. Прежде чем идти — поговорите с адвокатом.
cases-next-released = 🔓 <b>На свободе:</b> проверьте дату суда (EOIR) и сообщите суду новый адрес в течение 5 дней (форма EOIR-33, можно онлайн). Не пропускайте отметки в ICE.
cases-next-removed = ✈️ <b>Депортирован(а):</b> как можно скорее поговорите с адвокатом — иногда ещё можно что-то сделать. Почитайте статью о рисках по возвращении.
cases-next-mexico = 🇲🇽 <b>В Мексике:</b> держите документы при себе и договоритесь, когда выходить на связь. Почитайте статью об ожидании в Мексике.
cases-next-reading = <b>📖 Что почитать:</b> статьи справочника, подобранные по вашему делу.

## Хроника и новости

cases-timeline =
    <b>🕓 Хроника дела №{ $case }</b>
    { $lines }
cases-ev-created = Дело открыто ({ $author })
cases-ev-person_added = { $author } добавил(а): { $person }
cases-ev-person_edited = { $author } исправил(а) данные: { $person }
cases-ev-update = <b>{ $author }:</b> { $text }
cases-ev-note = <b>{ $author }:</b> { $text }
cases-ev-status = { $person }: <b>{ $status }</b> { $place } ({ $author })
cases-ev-joined = К делу присоединился(ась): { $author }
cases-ev-left = Из дела вышел(а): { $author }
cases-ev-removed = Удалён(а) из дела: { $author }
cases-ev-owner_changed = Новый владелец дела: { $author }
cases-ev-volunteer_requested = Семья попросила волонтёра ({ $author })
cases-ev-volunteer_assigned = Дело взял(а): { $author }
cases-ev-volunteer_released = Волонтёр вернул дело в очередь
cases-ev-private-mark = 🔒
cases-author-gone = удалённый участник
cases-author-volunteer = волонтёр дела
cases-author-volunteer-named = волонтёр { $name }
cases-author-staff = администратор
cases-author-owner = владелец дела
cases-author-opener = тот, кто открыл дело
cases-author-member = участник
cases-ask-update = Напишите новость для всех участников дела №{ $case }. Я перешлю её как есть, каждому — с подписью на его языке.
cases-ask-note = Заметка к делу №{ $case } — её увидят только волонтёр дела и администраторы, семья — нет.
cases-update-sent = ✅ Отправлено всем участникам дела.
cases-note-saved = ✅ Заметка сохранена (видна только волонтёрам).
cases-btn-reply = ↩️ Ответить

## Участники и приглашения

cases-members =
    <b>👥 Участники дела №{ $case }</b>
    { $lines }

    Действующих ссылок-приглашений: { $invitations }
cases-member-line = • { $who }{ $owner ->
        [yes] {" "}👑
       *[no] {""}
    }{ $you ->
        [yes] {" "}(вы)
       *[no] {""}
    }
cases-member-pending = • ⏳ Просится в дело: «{ $relation }» — { $name }
cases-btn-invite = 🔗 Пригласить родственника
cases-btn-revoke = 🗑 Отозвать ссылку (до { $until })
cases-btn-remove = 🚫 Удалить: { $who }
cases-btn-make-owner = 👑 Сделать владельцем
cases-btn-remove-yes = 🚫 Да, удалить
cases-remove-confirm = Удалить из дела: { $who }? Человек больше не будет видеть дело и получать новости.
cases-removed = Удалил(а) из дела: { $who }.
cases-owner-transferred = Теперь владелец дела — { $who }. Вы остаётесь участником.
cases-btn-approve = ✅ Принять
cases-btn-reject = ❌ Отклонить
cases-invite-link =
    🔗 Перешлите эту ссылку родственнику — только ему:
    { $link }

    Она сработает один раз и действует { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }. Перешедший по ней скажет, кем приходится семье, и вы (или волонтёр) решите, принять ли его. Пока вы не примете, он ничего не увидит в деле №{ $case }.
cases-invite-revoked = Ссылка отозвана.
cases-join-onboard-first = Вас пригласили в семейное дело. Сначала пара коротких вопросов — и сразу продолжим.
cases-join-ask-relation = Вас пригласили в семейное дело. Кем вы приходитесь семье? Напишите коротко, например: «мать Ивана», «сестра Ольги».
cases-join-sent = Спасибо! Я передал просьбу владельцу дела. Как только вас примут, я пришлю сообщение.
cases-join-declined = Хорошо. Если передумаете — откройте ссылку ещё раз, пока она действует.
cases-join-approved = ✅ Приняли в дело: «{ $relation }».
cases-join-rejected = Отклонили просьбу: «{ $relation }».
cases-btn-leave-yes = 🚪 Да, выйти
cases-leave-confirm-member = Выйти из дела? Вы перестанете видеть его и получать новости. Вернуться можно только по новому приглашению.
cases-leave-confirm-owner = Вы владелец дела. Если выйдете, владельцем станет { $who } (кто раньше всех присоединился). Выйти?
cases-leave-confirm-last = Вы последний участник. Если выйдете, дело закроется: волонтёр и ссылки-приглашения будут отключены. Выйти?
cases-left = Вы вышли из дела.
cases-left-closed = Вы вышли из дела, и оно закрыто.
cases-muted = Уведомления по этому делу выключены. Дело по-прежнему доступно в «Семья и дела».
cases-unmuted = Уведомления по этому делу снова включены.

## Волонтёр дела

cases-volunteer-need = Чем нужна помощь в первую очередь? Волонтёры увидят только это, штаты и статусы — без имён и мест, пока кто-то не возьмёт дело.
cases-need-find = 🔎 Найти, где человек
cases-need-release = 🔓 Освобождение, бонд, пэрол
cases-need-court = ⚖️ Суд и сроки
cases-need-lawyer = 👩‍⚖️ Найти адвоката
cases-need-child = 🧸 Ребёнок в приюте
cases-need-other = 💬 Другое
cases-volunteer-requested = ✅ Дело в очереди волонтёров. Когда кто-то возьмёт его, я сообщу всем участникам.
cases-queue =
    <b>📋 Очередь семейных дел</b> — { $count ->
        [0] пусто
        [one] { $count } дело
        [few] { $count } дела
        [many] { $count } дел
       *[other] { $count } дела
    }
    Имена и места откроются тому, кто возьмёт дело.

    { $lines }
cases-queue-item =
    <b>Дело №{ $case }</b> · { $need }
    Штаты: { $states } · { $statuses } · детей: { $children }
    Язык семьи: { $language } · ждёт { $waited }
cases-queue-status = { $status }: { $count }
cases-wait-fresh = меньше часа
cases-wait-hours = { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
    [many] { $hours } часов
   *[other] { $hours } часа
}
cases-wait-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
}{ $hours ->
    [0] {""}
    [one] {" "}{ $hours } час
    [few] {" "}{ $hours } часа
    [many] {" "}{ $hours } часов
   *[other] {" "}{ $hours } часа
}
cases-btn-take = 🤝 Взять дело №{ $case }
cases-taken = Дело ваше. Всё, что вы открываете в деле, записывается в журнал.
cases-released = Дело вернулось в очередь.
cases-reassign-choose = Кому передать дело? Активных волонтёров: { $count }
cases-reassigned = ✅ Дело передано.
cases-mine = <b>🤝 Дела, которые вы ведёте: { $count }</b>
cases-all = <b>🗂 Последние дела: { $count }</b> (каждый просмотр записывается в журнал)
cases-list-item = Дело №{ $case } ({ $status ->
        [closed] закрыто
       *[other] открыто
    })

## Совпадения

cases-match-invited = ✅ Приглашение отправлено. Человек увидит дело, только если попросится и вы его примете.
cases-match-dismissed = Хорошо, ничего не отправляю.

## Уведомления

cases-notice-event =
    📁 <b>Дело №{ $case }</b>
    { $body }
cases-notice-join-request =
    📁 <b>Дело №{ $case }</b>: просьба присоединиться.
    Кем приходится семье (со слов): «{ $relation }»
    Имя в Telegram: { $name }
    Примите, только если знаете, кто это.
cases-notice-approved = ✅ Вас приняли в семейное дело №{ $case }.
cases-notice-rejected = Владелец семейного дела №{ $case } не подтвердил вашу просьбу.
cases-notice-removed = Вас удалили из семейного дела №{ $case }.
cases-notice-now-owner = 👑 Теперь вы владелец семейного дела №{ $case }: вы принимаете новых участников.
cases-forget-handover = • Семейное дело №{ $case } останется у семьи: владельцем станет { $who }{ $volunteer ->
    [yes] ; ему и волонтёру дела придёт сообщение об этом.
   *[other] ; ему придёт сообщение об этом.
}
cases-forget-deleted = • Семейное дело №{ $case }: в нём, кроме вас, никого нет — оно будет удалено целиком.
cases-notice-owner-forgot-you = 👑 Прежний владелец семейного дела №{ $case } удалил свои данные из бота. Теперь владелец дела — вы: вы принимаете новых участников. Всё остальное в деле осталось как было.
cases-notice-owner-forgot-volunteer = Владелец семейного дела №{ $case } удалил свои данные из бота. Дело продолжается: владельцем стал другой участник семьи.
cases-notice-closed = Семейное дело №{ $case } закрыто: в нём не осталось участников.
cases-notice-queue-new = 📋 В очереди новое семейное дело №{ $case }.
cases-notice-assigned = 🤝 Вам передали семейное дело №{ $case }.
cases-notice-unassigned = Семейное дело №{ $case } больше не за вами.
cases-notice-match =
    📁 <b>Дело №{ $case }</b>: кто-то ещё в этом боте ищет <b>{ $person }</b> ({ $basis ->
        [a_number] тот же A-номер
       *[other] то же имя и дата рождения
    }).
    Он ничего не знает о вашем деле. Можно отправить ему приглашение: он увидит дело, только если попросится и вы его примете.
cases-notice-match-invite =
    Семья, которая уже ищет того же человека, что и вы (<b>{ $person }</b>), приглашает вас в своё дело. Приглашение действует { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }.
cases-btn-match-invite = 📨 Отправить приглашение
cases-btn-match-dismiss = Не сейчас
cases-btn-join = 🤝 Попроситься в дело
cases-btn-join-no = Нет, спасибо
cases-btn-queue = 📋 Открыть очередь

## Отказы

cases-error-no_access = Это дело вам недоступно. Откройте «Семья и дела» в /menu.
cases-error-stale = Эта кнопка устарела. Откройте /menu ещё раз.
cases-error-consent = Сначала нужно согласие на хранение данных: нажмите /start.
cases-error-not_found = Не нашёл этого в деле — возможно, его уже изменили.
cases-error-too_many_persons = В одном деле может быть не больше 12 человек.
cases-error-bad_status = Такого статуса нет.
cases-error-already_invited = Приглашение уже отправлено.
cases-error-dismissed = Вы уже решили не отправлять приглашение.
cases-error-closed = Это дело закрыто.
cases-error-too_many_invites = Слишком много действующих ссылок. Отзовите ненужные в «Участниках».
cases-error-invite_unknown = Приглашение не найдено. Попросите родственника прислать новую ссылку.
cases-error-invite_revoked = Это приглашение отозвано. Попросите родственника прислать новую ссылку.
cases-error-invite_used = По этой ссылке уже присоединились — она одноразовая. Попросите новую.
cases-error-invite_expired = Срок приглашения истёк. Попросите родственника прислать новую ссылку.
cases-error-already_member = Вы уже участник этого дела. Оно есть в «Семья и дела».
cases-error-already_pending = Ваша просьба уже ждёт решения владельца дела.
cases-error-not_pending = Эта просьба уже решена.
cases-error-cannot_remove = Этого участника удалить нельзя.
cases-error-cannot_transfer = Передать дело можно только действующему участнику.
cases-error-not_owner = Это может сделать только владелец дела или его волонтёр.
cases-error-bad_need = Выберите вариант кнопкой.
cases-error-has_volunteer = У дела уже есть волонтёр.
cases-error-taken = Это дело уже взял другой волонтёр.
cases-error-not_in_queue = Этого дела нет в очереди.
cases-error-no_volunteer = У дела нет волонтёра.
cases-error-not_volunteer = Это доступно только одобренным волонтёрам.
cases-error-not_admin = Это доступно только администраторам.
cases-error-not_member = Это доступно только участникам семьи.
cases-error-empty = Пустое сообщение — напишите текст.
cases-error-too_long = Слишком длинно (до 2000 знаков). Сократите или разбейте на части.
cases-error-invite_slow_down = Слишком много неверных ссылок-приглашений. Подождите час и попробуйте снова — или попросите родственника прислать ссылку ещё раз.
