using MailGrid.AppHost;
using System.Globalization;

var builder = DistributedApplication.CreateBuilder(args);

// Everything binds to loopback on fixed ports so the cluster is reachable the same way every run.
const int RedisPort = 6380;
var dataRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "data", "apphost"));
var blobPath = Path.Combine(dataRoot, "blobs");
Directory.CreateDirectory(Path.Combine(dataRoot, "redis"));
Directory.CreateDirectory(blobPath);

// An executable, not AddRedis(): there is no container engine on the dev machines.
var redisServer = builder.AddExecutable(
    "redis-server", "redis-server", Path.Combine(dataRoot, "redis"),
    "--bind", "127.0.0.1", "--port", RedisPort.ToString(CultureInfo.InvariantCulture),
    "--save", "", "--appendonly", "no");
var redis = builder.AddConnectionString("redis", ReferenceExpression.Create($"127.0.0.1:{RedisPort.ToString(CultureInfo.InvariantCulture)}"));

var silo1 = builder.AddSilo("silo-1", siloPort: 11111, gatewayPort: 30000, httpPort: 8081, dataRoot, blobPath)
    .WithReference(redis).WaitFor(redisServer);
var silo2 = builder.AddSilo("silo-2", siloPort: 11112, gatewayPort: 30001, httpPort: 8082, dataRoot, blobPath)
    .WithReference(redis).WaitFor(redisServer);

builder.AddProject<Projects.MailGrid_Ingress>("ingress")
    .WithHttpEndpoint(port: 8083, isProxied: false, env: "MailGrid__Http__Port")
    .WithEndpoint(name: "smtp", port: 2525, scheme: "tcp", isProxied: false, env: "MailGrid__Smtp__Listeners__0__Port")
    .WithEnvironment("MailGrid__Smtp__Listeners__0__Name", "mx")
    .WithEnvironment("MailGrid__Storage__Blobs__RootPath", blobPath)
    .WithHttpHealthCheck("/health")
    .WithReference(redis)
    .WaitFor(redisServer).WaitFor(silo1).WaitFor(silo2);

await builder.Build().RunAsync();
