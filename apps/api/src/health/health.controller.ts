import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthReportDto } from './health.dto.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'State of every service Sluice depends on',
    description:
      'Checks Redis, MySQL, Kafka and Flink in parallel, each within its own timeout. Always answers 200 while ' +
      'the API runs; `status` is `degraded` when any service is down.',
  })
  @ApiOkResponse({ type: HealthReportDto })
  report(): Promise<HealthReportDto> {
    return this.health.report();
  }
}
