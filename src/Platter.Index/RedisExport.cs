using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Platter.Index;

/// <summary>What a Redis export wrote.</summary>
/// <param name="Sets">Tag sets written.</param>
/// <param name="Lists">Video lists written (one per work with videos).</param>
/// <param name="Elapsed">Time taken.</param>
public sealed record RedisExportReport(int Sets, int Lists, TimeSpan Elapsed);

/// <summary>The Redis server could not be reached or refused the export.</summary>
public sealed class RedisExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisExportException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisExportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisExportException()
    {
    }
}

/// <summary>
/// Writes the tag index to Redis in the seed's layout: for every tag a set of work ids
/// (<c>platter:tag:style:Deep House</c>), and for every work with videos the list of its YouTube
/// ids in order (<c>platter:work:m4242:videos</c>). A work id is the master's id, or the release's
/// id negated for a release without a master, so the sets are Redis' compact integer sets, and
/// <c>SINTER</c> of tag sets answers the same intersection Platter does. Earlier keys under
/// <c>platter:</c> are removed first.
/// </summary>
public static class RedisExport
{
    /// <summary>The prefix of every key written.</summary>
    public const string Prefix = "platter:";

    private const int Batch = 1000;

    /// <summary>The key of a tag's set.</summary>
    public static string TagKey(Tag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return Prefix + "tag:" + tag.Token;
    }

    /// <summary>The Redis member that stands for a work: the master id, or minus the release id.</summary>
    public static long WorkMember(long? masterId, long? releaseId) => masterId ?? -(releaseId ?? 0);

    /// <summary>Writes <paramref name="index"/> to the Redis server at <paramref name="endpoint"/> (HOST:PORT).</summary>
    public static async Task<RedisExportReport> WriteAsync(TagIndex index, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        var watch = Stopwatch.StartNew();
        ConnectionMultiplexer redis;
        try
        {
            var options = ConfigurationOptions.Parse(endpoint);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            options.AllowAdmin = false;
            redis = await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException e)
        {
            // The client's own message advises its programmers (abortConnect=false …); say what happened instead.
            var why = e.FailureType == ConnectionFailureType.AuthenticationFailure ? "it refused the connection's credentials" : "no server answered there";
            throw new RedisExportException($"Cannot reach the Redis server at {endpoint}: {why}. Is redis-server running there? Start it, or name another with --redis HOST:PORT.", e);
        }
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            throw new RedisExportException($"Cannot reach the Redis server at {endpoint}: {e.Message.TrimEnd('.')}. Is redis-server running there? (--redis HOST:PORT)", e);
        }

        await using (redis)
        {
            try
            {
                var db = redis.GetDatabase();
                await RemoveOldKeysAsync(redis, db, cancellationToken);
                var members = WorkMembers(index);
                var sets = 0;
                var pending = new List<Task>();
                using (var c = index.Connect())
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = $"SELECT token, postings FROM {index.Table("tag")} ORDER BY id";
                    using var r = cmd.ExecuteReader();
                    while (r.Read())
                    {
                        var key = Prefix + "tag:" + r.GetString(0);
                        var works = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>((byte[])r.GetValue(1)).ToArray();
                        foreach (var chunk in works.Chunk(Batch))
                        {
                            pending.Add(db.SetAddAsync(key, chunk.Select(w => (RedisValue)members[w]).ToArray()));
                        }

                        sets++;
                        await FlushAsync(pending, cancellationToken);
                    }
                }

                var lists = 0;
                using (var c = index.Connect())
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = $"SELECT ordinal, youtube_id FROM {index.Table("video")} ORDER BY ordinal, position";
                    using var r = cmd.ExecuteReader();
                    var current = -1;
                    var ids = new List<RedisValue>();
                    while (r.Read())
                    {
                        var o = r.GetInt32(0);
                        if (o != current && ids.Count > 0)
                        {
                            pending.Add(db.ListRightPushAsync(VideoKey(members[current]), [.. ids]));
                            lists++;
                            ids.Clear();
                            await FlushAsync(pending, cancellationToken);
                        }

                        current = o;
                        ids.Add(r.GetString(1));
                    }

                    if (ids.Count > 0)
                    {
                        pending.Add(db.ListRightPushAsync(VideoKey(members[current]), [.. ids]));
                        lists++;
                    }
                }

                await Task.WhenAll(pending);
                return new RedisExportReport(sets, lists, watch.Elapsed);
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException or RedisConnectionException)
            {
                throw new RedisExportException($"The Redis server at {endpoint} failed during the export: {e.Message}", e);
            }
        }
    }

    /// <summary>The key of a work's video list.</summary>
    public static string VideoKey(long workMember) => Prefix + "work:" + (workMember >= 0 ? "m" + workMember.ToString(CultureInfo.InvariantCulture) : "r" + (-workMember).ToString(CultureInfo.InvariantCulture)) + ":videos";

    /// <summary>The Redis member of every work, by work number.</summary>
    public static long[] WorkMembers(TagIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var members = new long[index.Info.Works];
        using var c = index.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT ordinal, master_id, release_id FROM {index.Table("work")}";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            members[r.GetInt32(0)] = WorkMember(r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2));
        }

        return members;
    }

    private static async Task FlushAsync(List<Task> pending, CancellationToken ct)
    {
        if (pending.Count >= 256)
        {
            await Task.WhenAll(pending).WaitAsync(ct);
            pending.Clear();
        }
    }

    private static async Task RemoveOldKeysAsync(ConnectionMultiplexer redis, IDatabase db, CancellationToken ct)
    {
        foreach (var server in redis.GetServers())
        {
            var batch = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: Prefix + "*", pageSize: 1000).WithCancellation(ct))
            {
                batch.Add(key);
                if (batch.Count == Batch)
                {
                    await db.KeyDeleteAsync([.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await db.KeyDeleteAsync([.. batch]);
            }
        }
    }
}
