/*
 * batch_pool.c - worker threads for "batch": messages are analysed and
 * rendered on every core while the main thread reads the mailbox, writes
 * the results in mailbox order and keeps the report.
 *
 * The main thread submits jobs in order and takes them back in the same
 * order (batch_pool_take blocks until the oldest is done), so at most
 * "depth" messages are in flight and memory stays flat.  Each worker owns
 * a context (its own ruleset and caches); nothing a worker touches is
 * shared with another worker.
 */
#include <pthread.h>

#include <glib.h>

#include "msg.h"
#include "cmd/batch.h"

#define POOL_WAKE_AFTER	8	/* done items the main thread waits for at once */

struct pool_item {
	void *job;
	int done;
};

struct batch_pool {
	pthread_t *threads;
	int nthreads;
	pthread_mutex_t lock;	/* todo, every item's done, stopping */
	pthread_cond_t more;	/* todo grew, or stopping */
	pthread_cond_t done;	/* the item waited for became done */
	GQueue todo;		/* struct pool_item *, not yet started */
	GQueue order;		/* struct pool_item *, in submission order */
	struct pool_item *waiting;	/* the item the main thread waits for */
	int idle;		/* workers waiting for a job */
	int stopping;
	batch_work_fn *work;
	batch_work_fn *finish;
};

struct pool_worker {
	struct batch_pool *pool;
	void *ctx;
};

/* pool_main - a worker: jobs until told to stop and none is left */
static void *
pool_main(void *arg)
{
	struct pool_worker *w = arg;
	struct batch_pool *pool = w->pool;
	struct pool_item *it;

	pthread_mutex_lock(&pool->lock);
	for (;;) {
		while (!pool->todo.length && !pool->stopping) {
			pool->idle++;
			pthread_cond_wait(&pool->more, &pool->lock);
			pool->idle--;
		}
		if ((it = g_queue_pop_head(&pool->todo)) == NULL)
			break;
		pthread_mutex_unlock(&pool->lock);
		pool->work(w->ctx, it->job);
		pthread_mutex_lock(&pool->lock);
		it->done = 1;
		if (pool->waiting == it)	/* wake the main thread only for its item */
			pthread_cond_signal(&pool->done);
	}
	pthread_mutex_unlock(&pool->lock);
	if (pool->finish)
		pool->finish(w->ctx, NULL);
	g_free(w);
	return NULL;
}

/* batch_pool_new - n workers, worker i working with ctx[i] */
struct batch_pool *
batch_pool_new(int n, void **ctx, batch_work_fn *work, batch_work_fn *finish)
{
	struct batch_pool *pool = g_new0(struct batch_pool, 1);
	int i, err;

	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->more, NULL);
	pthread_cond_init(&pool->done, NULL);
	g_queue_init(&pool->todo);
	g_queue_init(&pool->order);
	pool->work = work;
	pool->finish = finish;
	pool->threads = g_new0(pthread_t, n);
	for (i = 0; i < n; i++) {
		struct pool_worker *w = g_new(struct pool_worker, 1);

		w->pool = pool;
		w->ctx = ctx[i];
		if ((err = pthread_create(&pool->threads[i], NULL, pool_main, w)) != 0)
			msg_fatal("cannot start a thread: %s", g_strerror(err));
		pool->nthreads++;
	}
	return pool;
}

/* batch_pool_submit - queue a job behind every earlier one */
void
batch_pool_submit(struct batch_pool *pool, void *job)
{
	struct pool_item *it = g_new0(struct pool_item, 1);

	it->job = job;
	g_queue_push_tail(&pool->order, it);
	pthread_mutex_lock(&pool->lock);
	g_queue_push_tail(&pool->todo, it);
	if (pool->idle > 0)
		pthread_cond_signal(&pool->more);
	pthread_mutex_unlock(&pool->lock);
}

/* batch_pool_pending - jobs submitted and not yet taken back */
guint
batch_pool_pending(const struct batch_pool *pool)
{
	return pool->order.length;
}

/* batch_pool_take - the oldest job once done (NULL if none is pending) */
void *
batch_pool_take(struct batch_pool *pool)
{
	struct pool_item *it = g_queue_pop_head(&pool->order);
	void *job;

	if (!it)
		return NULL;
	pthread_mutex_lock(&pool->lock);
	if (!it->done) {
		/* Not ready: sleep until a few more are, not once per message. */
		struct pool_item *far = g_queue_peek_nth(&pool->order,
		    MIN(pool->order.length, POOL_WAKE_AFTER) - 1);

		while (far && !far->done) {
			pool->waiting = far;
			pthread_cond_wait(&pool->done, &pool->lock);
		}
	}
	while (!it->done) {
		pool->waiting = it;
		pthread_cond_wait(&pool->done, &pool->lock);
	}
	pool->waiting = NULL;
	pthread_mutex_unlock(&pool->lock);
	job = it->job;
	g_free(it);
	return job;
}

/* batch_pool_free - stop the workers once the queued jobs are done (take them first) */
void
batch_pool_free(struct batch_pool **poolp)
{
	struct batch_pool *pool = *poolp;
	int i;

	if (!pool)
		return;
	pthread_mutex_lock(&pool->lock);
	pool->stopping = 1;
	pthread_cond_broadcast(&pool->more);
	pthread_mutex_unlock(&pool->lock);
	for (i = 0; i < pool->nthreads; i++)
		pthread_join(pool->threads[i], NULL);
	g_free(pool->threads);
	g_queue_clear_full(&pool->order, g_free);
	pthread_cond_destroy(&pool->more);
	pthread_cond_destroy(&pool->done);
	pthread_mutex_destroy(&pool->lock);
	g_free(pool);
	*poolp = NULL;
}
