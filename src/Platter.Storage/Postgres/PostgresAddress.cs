using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Platter.Storage.Postgres;

/// <summary>
/// A PostgreSQL database as <c>--db</c> names it: <c>postgres://user[:password]@host[:port]/database[?sslmode=…]</c>
/// or an Npgsql connection string (<c>Host=…;Database=…</c>). A password not given here comes
/// from where PostgreSQL's own tools look: <c>PGPASSWORD</c>, then <c>~/.pgpass</c> (Npgsql reads both).
/// </summary>
public sealed class PostgresAddress
{
    private PostgresAddress(NpgsqlConnectionStringBuilder builder)
    {
        Builder = builder;
    }

    /// <summary>The connection settings, the password included when one was given.</summary>
    internal NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The host.</summary>
    public string Host => Builder.Host ?? "localhost";

    /// <summary>The port.</summary>
    public int Port => Builder.Port;

    /// <summary>The database.</summary>
    public string Database => Builder.Database ?? User;

    /// <summary>The user it connects as.</summary>
    public string User => Builder.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;

    /// <summary>How it is shown: database, host, port and user, never the password.</summary>
    public string Display => $"PostgreSQL database {Database} on {Host}:{Port.ToString(CultureInfo.InvariantCulture)} as {User}";

    /// <summary>The connection string to open it with (holds the password when one was given: never show it).</summary>
    internal string ConnectionString => Builder.ConnectionString;

    /// <summary>True when <paramref name="db"/> is a PostgreSQL URL or an Npgsql connection string.</summary>
    public static bool Recognises(string db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A connection string: key=value pairs with a host. A file name with '=' and ';' and a
        // "host" key in it is not a name anyone gives a database file.
        return db.Contains('=', StringComparison.Ordinal) && db.Split(';').Any(p => p.Split('=', 2)[0].Trim() is var k && (k.Equals("Host", StringComparison.OrdinalIgnoreCase) || k.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Parses a URL or connection string; throws <see cref="StorageException"/> saying what is wrong with it.</summary>
    public static PostgresAddress Parse(string db)
    {
        ArgumentNullException.ThrowIfNull(db);
        NpgsqlConnectionStringBuilder builder;
        if (db.Contains("://", StringComparison.Ordinal))
        {
            builder = FromUrl(db);
        }
        else
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(db);
            }
            catch (ArgumentException e)
            {
                throw new StorageException($"The PostgreSQL connection string in --db is not valid: {e.Message}");
            }
        }

        // Platter holds one connection per import or reader: no pool to keep warm between them.
        builder.Pooling = false;
        builder.ApplicationName ??= "platter";
        if (builder.Timeout == 15)
        {
            builder.Timeout = 10;
        }

        return new PostgresAddress(builder);
    }

    /// <summary>Opens a connection, or throws <see cref="StorageException"/> with one line naming the server and database and what to do.</summary>
    internal NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            throw Explain(e);
        }
    }

    /// <summary>What went wrong talking to the server, as one line a user can act on.</summary>
    internal StorageException Explain(Exception e)
    {
        var where = $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
        var message = e switch
        {
            PostgresException { SqlState: "3D000" } =>
                $"The PostgreSQL server at {where} has no database {Database}. Create it (createdb -h {Host} -p {Port.ToString(CultureInfo.InvariantCulture)} -U {User} {Database}) or name another in --db.",
            PostgresException { SqlState: "28P01" } =>
                $"The PostgreSQL server at {where} refused the password of {User} for database {Database}. Set it in PGPASSWORD or ~/.pgpass (or Password= in --db).",
            PostgresException { SqlState: "28000" } p =>
                $"The PostgreSQL server at {where} does not let {User} connect to {Database}: {p.MessageText}. Add a line for it to the server's pg_hba.conf, or connect as another user.",
            PostgresException { SqlState: "42501" } p =>
                $"{User} may not write the catalog in database {Database} at {where}: {p.MessageText}. Grant it (GRANT CREATE ON SCHEMA public TO {User}) or connect as the database's owner.",
            PostgresException p =>
                $"PostgreSQL ({Database} at {where}) said: {p.MessageText} ({p.SqlState}).",
            NpgsqlException { InnerException: SocketException s } =>
                $"Cannot reach a PostgreSQL server at {where} ({s.SocketErrorCode}). Is it running and listening there? Start it, or fix the host and port in --db.",
            NpgsqlException { InnerException: TimeoutException } or TimeoutException =>
                $"The PostgreSQL server at {where} did not answer in time. Is it running and reachable? Check the host and port in --db.",
            NpgsqlException n when n.Message.Contains("password", StringComparison.OrdinalIgnoreCase) =>
                $"The PostgreSQL server at {where} asks {User} for a password and none was given. Set PGPASSWORD or ~/.pgpass (or Password= in --db).",
            _ => $"PostgreSQL ({Database} at {where}): {e.Message}",
        };
        return new StorageException(message, e);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string db)
    {
        if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new StorageException("The PostgreSQL address in --db is not a valid URL. Write it as postgres://user@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Length > 0 ? uri.Host : "localhost" };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
                        ? mode
                        : throw new StorageException($"sslmode={value} in --db is not one PostgreSQL knows (disable, allow, prefer, require, verify-ca, verify-full).");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds
                        : throw new StorageException($"connect_timeout={value} in --db is not a number of seconds.");
                    break;
                default:
                    throw new StorageException($"--db: Platter does not know the PostgreSQL URL parameter {key}; use an Npgsql connection string (Host=…;Database=…;{key}=…) for it.");
            }
        }

        return builder;
    }
}
