using MailGrid.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Ports and switches come from MailGrid:AppHost (see AppHostOptions); the defaults are fixed loopback ports.
var options = builder.Configuration.GetSection(AppHostOptions.SectionName).Get<AppHostOptions>() ?? new AppHostOptions();
options.Validate();

var dataRoot = Path.GetFullPath(options.DataPath ?? Path.Combine(builder.AppHostDirectory, "..", "data", "apphost"));
var blobPath = Path.Combine(dataRoot, "blobs");
Directory.CreateDirectory(blobPath);

var redis = builder.AddMailGridRedis(options, dataRoot);

// Two silos: grains, records and grain state in Redis, and the HTTP API on each.
var silo1 = builder.AddSilo("silo-1", options.Silo1, dataRoot, blobPath).WithMailGridRedis(redis);
var silo2 = builder.AddSilo("silo-2", options.Silo2, dataRoot, blobPath).WithMailGridRedis(redis);

// Two stateless SMTP ingress processes (Orleans clients), each with mx, submission and submissions listeners.
foreach (var (name, ports) in new[] { ("ingress-1", options.Ingress1), ("ingress-2", options.Ingress2) })
{
    builder.AddIngress(name, ports, blobPath).WithMailGridRedis(redis).WaitFor(silo1).WaitFor(silo2);
}

await builder.Build().RunAsync();
