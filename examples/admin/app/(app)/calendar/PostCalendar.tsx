'use client';
import type { EventContentArg, EventDropArg, EventInput, EventSourceFuncArg } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { DateTime } from 'luxon';
import { useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { PLATFORM_NAMES } from '@/src/lib/platforms';
import { PlatformIcon } from '@/src/ui/PlatformIcon';
import type { Filters } from '@/src/ui/PostFilters';
import { rescheduleToInstant } from '../posts/actions';
import { type CalendarPost, loadCalendarPosts } from './actions';

const STATUS_COLORS: Record<string, string> = {
  scheduled: '#228be6',
  awaiting_approval: '#f59f00',
  captioning: '#7950f2',
  draft: '#868e96',
  publishing: '#15aabf',
  published: '#2f9e44',
  partially_published: '#e8590c',
  failed: '#e03131',
  rejected: '#e03131',
  cancelled: '#adb5bd',
};

function EventContent({ event, timeText }: EventContentArg) {
  const post = event.extendedProps as CalendarPost;
  return (
    <span className="fc-event-main-inner" data-post-id={post.id}>
      {post.platforms.map((p) => (
        <PlatformIcon platform={p} size={14} key={p} />
      ))}
      <b>{timeText}</b> <span>{event.title}</span>
    </span>
  );
}

/**
 * Month and week views of the workspace's posts, in the workspace's zone (FullCalendar with its
 * Luxon plugin): drag a post to reschedule it, click a free slot to compose one there.
 */
export function PostCalendar(props: { timeZone: string; filters: Filters; initialDate: string | null }) {
  const router = useRouter();
  const narrow = useMediaQuery('(max-width: 40em)');
  const events = useCallback(
    async (info: EventSourceFuncArg): Promise<EventInput[]> => {
      const posts = await loadCalendarPosts({ from: info.startStr, to: info.endStr }, props.filters);
      return posts.map((post) => ({
        id: post.id,
        title: post.title,
        start: post.start,
        allDay: false,
        editable: post.movable,
        durationEditable: false,
        backgroundColor: STATUS_COLORS[post.status],
        borderColor: STATUS_COLORS[post.status],
        textColor: '#fff',
        extendedProps: post,
      }));
    },
    [props.filters],
  );

  const onDrop = async (info: EventDropArg) => {
    const at = info.event.startStr;
    const result = await rescheduleToInstant(info.event.id, at);
    if ('errors' in result) {
      info.revert();
      notifications.show({
        color: 'red',
        title: 'Not moved',
        message: result.errors.at ?? 'The post could not be moved.',
      });
      return;
    }
    notifications.show({
      color: 'green',
      message: `Rescheduled to ${DateTime.fromISO(at, { zone: props.timeZone }).toFormat('ccc d LLL, HH:mm')} (${props.timeZone}).`,
    });
  };

  const onDateClick = (info: DateClickArg) => {
    const day = DateTime.fromISO(info.dateStr, { zone: props.timeZone });
    // A day in the month view opens the composer at 09:00 that day; a slot in the week view at that time.
    const local = info.allDay ? `${day.toISODate()}T09:00` : day.toFormat("yyyy-MM-dd'T'HH:mm");
    router.push(`/compose?at=${encodeURIComponent(local)}`);
  };

  return (
    <>
      <Text size="sm" c="dimmed">
        Times in {props.timeZone}. Drag a post to another day or time to reschedule it; click a day or a time
        slot to compose a post there.
      </Text>
      <FullCalendar
        plugins={[luxonPlugin, dayGridPlugin, timeGridPlugin, interactionPlugin]}
        timeZone={props.timeZone}
        initialView="dayGridMonth"
        {...(props.initialDate ? { initialDate: props.initialDate } : {})}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek' }}
        buttonText={{ today: 'Today', month: 'Month', week: 'Week' }}
        firstDay={1}
        height="auto"
        dayMaxEvents={narrow ? 2 : 4}
        eventDisplay="block"
        nowIndicator
        eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        events={events}
        eventContent={EventContent}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          router.push(`/posts/${info.event.id}`);
        }}
        eventDrop={onDrop}
        dateClick={onDateClick}
        eventDidMount={(info) => {
          // Keyboard users reach each post; Enter opens it.
          info.el.setAttribute('tabindex', '0');
          info.el.setAttribute('role', 'link');
          const post = info.event.extendedProps as CalendarPost;
          info.el.setAttribute(
            'aria-label',
            `${info.event.title}, ${post.status.replaceAll('_', ' ')}, ${post.platforms.map((p) => PLATFORM_NAMES[p]).join(', ')}, ${DateTime.fromISO(info.event.startStr, { zone: props.timeZone }).toFormat('ccc d LLL HH:mm')}`,
          );
          info.el.addEventListener('keydown', (event) => {
            if (event.key === 'Enter') router.push(`/posts/${info.event.id}`);
          });
        }}
      />
    </>
  );
}
